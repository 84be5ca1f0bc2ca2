export { decodeBase64, decodeUtf8, encodeBase64, encodeEvent, parseJson } from './codec.ts';
export { DecodingError, type FunctionErrorDetails, LambdaFunctionError } from './errors.ts';
export {
  invokeFunctionError,
  invokeLogLines,
  invokePayloadText,
  type PrintableInvokeResult,
  parseInvokePayload,
  printableInvokeResult,
  safeParseInvokePayload,
} from './invoke.ts';
export {
  type DecodedKinesisBatch,
  type DecodedKinesisRecord,
  decodeKinesisBatch,
  KinesisRecordError,
  kinesisBatchResponse,
  kinesisRecordBytes,
  kinesisRecordText,
  parseKinesisRecord,
  safeParseKinesisRecord,
} from './kinesis.ts';
export type { SafeResult } from './result.ts';
export {
  decodeSnsEvent,
  decodeSnsRecord,
  parseSnsMessage,
  type SnsAttributeValue,
  type SnsMessage,
  type StringArrayItem,
  safeDecodeSnsEvent,
  safeParseSnsMessage,
} from './sns.ts';
