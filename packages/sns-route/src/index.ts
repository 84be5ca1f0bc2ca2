export { ALIAS_NAME, ensureAlias, moveAlias } from './alias.ts';
export {
  chapter,
  latestStep,
  moveAliasStep,
  publishStep,
  publishTestStep,
  setupStep,
  subscribedCallee,
} from './chapter.ts';
export { deleteTopic, removeChapterResources, removeTopic } from './cleanup.ts';
export { MESSAGE, parseAsJson, publishMessage, SUBJECT } from './publish-message.ts';
export { consoleTestMessage, publishTestMessage } from './publish-test-message.ts';
export { receivedNotifications } from './received.ts';
export { permissionStatementId, subscribe, subscribeToTopic, TOPIC_NAME } from './subscribe.ts';
