export { chapter, invokeAsyncStep, invokeSyncStep } from './chapter.ts';
export {
  invocationError,
  invocationLog,
  isColdStart,
  waitForInvocationLog,
} from './invocation-log.ts';
export { invoke } from './invoke.ts';
