export { default } from '@l2l/workshop/vitest-config';
