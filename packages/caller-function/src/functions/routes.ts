/** The routes the caller makes, as its event names them (./caller.ts). */
export const ROUTES = ['sync', 'async', 'publish', 'put'] as const;
export type Route = (typeof ROUTES)[number];
