export { chapter, deployStep, fanOutStep, reservedConcurrencyStep } from './chapter.ts';
export { COLLECTOR, deployFanOut, removeFanOut, SPLITTER, WORKER } from './deploy.ts';
export { BATCH, fanOut, mostAtOnce, oneByOne } from './run.ts';
