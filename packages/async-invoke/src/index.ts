export { chapter, invokeAgainStep, invokeStep } from './chapter.ts';
export { invocationLog, isColdStart, waitForInvocationLog } from './invocation-log.ts';
export { invokeAsync } from './invoke-async.ts';
