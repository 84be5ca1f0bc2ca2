export {
  buildHandlerZip,
  bundleHandler,
  HANDLER,
  type HandlerName,
  handlerNames,
  RUNTIME,
} from './build.ts';
export { consoleMessage, loggedLinesWith, waitForLoggedText } from './callee-log.ts';
export { chapter } from './chapter.ts';
export {
  deployCallee,
  deployStep,
  ensureExecutionRole,
  FUNCTION_NAME,
  removeCallee,
  roleName,
} from './deploy.ts';
export { handler as echoHandler } from './echo.ts';
export { handler as kinesisDecodeHandler } from './kinesis-decode.ts';
