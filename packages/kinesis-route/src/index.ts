export { chapter, decodeStep, putStep, STREAM_NAME, setupStep } from './chapter.ts';
export { putRecord } from './put-record.ts';
export { createStream, deleteStream } from './stream.ts';
export {
  addKinesisTrigger,
  allowReadingStream,
  removeKinesisTriggers,
  removeReadPolicy,
} from './trigger.ts';
