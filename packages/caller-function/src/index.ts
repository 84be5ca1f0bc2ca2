export { costOf, measuredJob } from './billed-wait.ts';
export { type CallerAnswer, callThroughCaller, thrownError } from './call.ts';
export {
  allowInvokeStep,
  billedWaitStep,
  callRoutesStep,
  chapter,
  denyInvokeStep,
  deployCallerStep,
} from './chapter.ts';
export {
  CALLER_NAME,
  callerRoleName,
  deployCaller,
  ensureCaller,
  ROUTES_POLICY,
  removeCaller,
  routesPolicy,
} from './deploy.ts';
export { ROUTES, type Route } from './functions/routes.ts';
export { reportLine, runFigures } from './report-line.ts';
