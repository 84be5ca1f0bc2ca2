export {
  buildFunctionZip,
  buildHandlerZip,
  bundleHandler,
  HANDLER,
  type HandlerName,
  handlerNames,
  RUNTIME,
} from './build.ts';
export { handler as echoHandler } from './echo.ts';
export { handler as kinesisDecodeHandler } from './kinesis-decode.ts';
