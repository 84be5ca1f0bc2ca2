export type { LearnerIdentity } from './auth/identities.ts';
export type { PolicyDocument, PolicyStatement } from './auth/policy-evaluation.ts';
export { docsSequenceDiagram } from './inspector/docs-sequence-diagram.ts';
export type { Chain, Hop, HopEvent } from './inspector/hops.ts';
export {
  DEFAULT_CONCURRENCY_LIMIT,
  DEFAULT_PORT,
  LOCAL_ACCOUNT_ID,
  type LocalCloud,
  type LocalCloudOptions,
  type StopReport,
  startLocalCloud,
} from './local-cloud.ts';
export { AllowListError } from './server/front-door.ts';
export type { LogEvent, LogEventListener } from './services/logs/model.ts';
