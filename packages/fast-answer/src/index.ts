export { callUrl, medianCall, type UrlAnswer } from './call-url.ts';
export { callUrlStep, chapter, deployStep } from './chapter.ts';
export { deployFronts, FRONT, FRONT_INLINE, RECORDER, removeFronts } from './deploy.ts';
