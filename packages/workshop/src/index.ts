export { confirmCreation } from './confirm.ts';
export { explain } from './explain.ts';
export {
  consoleMessage,
  loggedLinesWith,
  logLinesWith,
  waitForLoggedText,
} from './function-log.ts';
export {
  argumentError,
  OPTIONS_HELP,
  type ParsedCommandLine,
  parseCommandLine,
  type TargetKind,
  UsageError,
  type WorkshopOptions,
} from './options.ts';
export { pollUntil } from './poll.ts';
export { waitWithProgress } from './progress.ts';
export { ROLE_PROPAGATION_MS, whenRoleReachesLambda } from './role-propagation.ts';
export {
  type Chapter,
  chapterUsage,
  heading,
  plannedResources,
  runChapterCli,
  runCleanup,
  runStep,
  runSteps,
  type Step,
  type StepTiming,
  stepTitle,
} from './steps.ts';
export { traced } from './trace.ts';
export {
  type ClientConfig,
  madeByWorkshop,
  notMadeByWorkshop,
  openWorkshop,
  type ResourceTags,
  WORKSHOP_TAG,
  type Workshop,
  WorkshopError,
} from './workshop.ts';
