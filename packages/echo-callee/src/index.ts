export type { HandlerName } from '@l2l/echo-handler';
export { chapter } from './chapter.ts';
export {
  deployCallee,
  deployStep,
  ensureCallee,
  ensureExecutionRole,
  FUNCTION_NAME,
  handlerCodeSha256,
  removeCallee,
  roleName,
} from './deploy.ts';
export {
  codeSha256,
  deployFunction,
  ensureFunction,
  type FunctionSpec,
  type PolicyDocument,
  putInlinePolicy,
  type RoleSpec,
  removeFunction,
} from './function-deploy.ts';
