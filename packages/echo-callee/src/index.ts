export type { HandlerName } from '@l2l/echo-handler';
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
