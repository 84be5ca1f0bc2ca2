export { chapter, loopStep } from './chapter.ts';
export { ensureLoop, LOOP_STOPPED, LOOP_TOPIC, LOOPER, removeLoop } from './deploy.ts';
