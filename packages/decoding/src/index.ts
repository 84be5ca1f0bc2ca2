export { decodeBase64, decodeUtf8, encodeEvent } from './codec.ts';
export { DecodingError } from './errors.ts';
export { invokePayloadText, parseInvokePayload, printableInvokeResult } from './invoke.ts';
export { decodeKinesisBatch, kinesisBatchResponse, parseKinesisRecord } from './kinesis.ts';
export { decodeSnsEvent, type SnsMessage, safeParseSnsMessage } from './sns.ts';
