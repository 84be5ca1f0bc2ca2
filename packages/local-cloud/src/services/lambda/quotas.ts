/**
 * The Lambda API's constants and quotas, each said once.
 * Quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */

/** The unpublished version, the one that changes (published versions are numbered). */
export const LATEST = '$LATEST';

/** Execution environments that may run at once across all functions, unless the cloud is told otherwise. */
export const DEFAULT_CONCURRENCY_LIMIT = 10;

/** "6 MB each for request and response (synchronous)", in the bytes of AWS's message. */
export const MAX_SYNC_PAYLOAD_BYTES = 6_291_456;
/** "For asynchronous invocations, the maximum payload size is 1 MB" (API_Invoke; raised from 256 KB in 2025). */
export const MAX_ASYNC_PAYLOAD_BYTES = 1_048_576;
/** A deployment package uploaded directly: "50 MB (zipped, for direct upload)" (gettingstarted-limits.html). */
export const MAX_ZIPPED_BYTES = 52_428_800;
/** "You can add up to 50 tags to a resource." (configuration-tags.html) */
export const MAX_TAGS = 50;
/** "ListFunctions returns a maximum of 50 items in each response" (API_ListFunctions, MaxItems). */
export const MAX_LIST_PAGE = 50;
/** The last 4 KB of the execution log (API_Invoke, LogType). */
export const LOG_TAIL_BYTES = 4096;

/**
 * The longest FunctionName of the operations that change a function or its settings
 * (API reference, "Length Constraints"); the others take up to 256 characters here.
 */
export const MAX_FUNCTION_NAME_TO_CHANGE = 140;

/** A function URL's AuthType (API_CreateFunctionUrlConfig), in the model's order. */
export const FUNCTION_URL_AUTH_TYPES = ['NONE', 'AWS_IAM'];
