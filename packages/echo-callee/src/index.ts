export type { HandlerName } from '@l2l/echo-handler';
export { chapter } from './chapter.ts';
export {
  deployCallee,
  deployStep,
  ensureExecutionRole,
  FUNCTION_NAME,
  removeCallee,
  roleName,
} from './deploy.ts';
