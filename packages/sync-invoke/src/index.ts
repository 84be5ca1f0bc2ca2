export { chapter, invokeStep } from './chapter.ts';
export { invokeSync } from './invoke-sync.ts';
