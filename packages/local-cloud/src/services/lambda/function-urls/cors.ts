/**
 * A function URL's CORS settings (API_Cors): their checks, and the headers Lambda answers a
 * browser with. "If you configure CORS for your function URL, Lambda automatically handles
 * the CORS preflight (OPTIONS) requests and adds CORS headers to the responses"
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Cors.html
 */
import type { Constraints } from '../../../protocols/validation.ts';

export interface Cors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

/** The members of Cors as readMembers reads them (../shapes.ts). */
export const CORS_MEMBERS = {
  AllowCredentials: 'boolean',
  AllowHeaders: 'stringList',
  AllowMethods: 'stringList',
  AllowOrigins: 'stringList',
  ExposeHeaders: 'stringList',
  MaxAge: 'integer',
} as const;

/** API_Cors: items at most, and each item's length. */
const LIST_LIMITS = {
  AllowHeaders: { items: 100, minLength: 0, maxLength: 1024 },
  AllowMethods: { items: 6, minLength: 0, maxLength: 6 },
  AllowOrigins: { items: 100, minLength: 1, maxLength: 253 },
  ExposeHeaders: { items: 100, minLength: 0, maxLength: 1024 },
} as const;
const MAX_AGE_SECONDS = 86_400;

export function checkCors(cors: Cors | undefined, constraints: Constraints): void {
  if (cors === undefined) return;
  for (const [name, limit] of Object.entries(LIST_LIMITS)) {
    const list = cors[name as keyof typeof LIST_LIMITS];
    if (list === undefined) continue;
    const member = `cors.${name[0]?.toLowerCase()}${name.slice(1)}`;
    const shown = `[${list.join(', ')}]`;
    if (list.length > limit.items) {
      constraints.fail(
        member,
        shown,
        `Member must have length less than or equal to ${limit.items}`,
      );
    }
    if (list.some((item) => item.length < limit.minLength || item.length > limit.maxLength)) {
      constraints.fail(
        member,
        shown,
        `Member must satisfy constraint: [Member must have length less than or equal to ${limit.maxLength}, Member must have length greater than or equal to ${limit.minLength}]`,
      );
    }
  }
  constraints.range('cors.maxAge', cors.MaxAge, 0, MAX_AGE_SECONDS);
}

/** The value of Access-Control-Allow-Origin for a page of `origin`, if the settings allow it. */
export function allowedOrigin(cors: Cors | undefined, origin: string): string | undefined {
  const origins = cors?.AllowOrigins ?? [];
  if (origins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase())) return origin;
  // A credentialed request may not be answered with `*` (Fetch standard, CORS check).
  if (origins.includes('*')) return cors?.AllowCredentials ? origin : '*';
  return undefined;
}

/** The answer to a preflight from an allowed origin. */
export function preflightHeaders(cors: Cors, allowOrigin: string): Record<string, string> {
  return {
    ...commonHeaders(cors, allowOrigin),
    ...(cors.AllowMethods?.length && {
      'access-control-allow-methods': cors.AllowMethods.join(','),
    }),
    ...(cors.AllowHeaders?.length && {
      'access-control-allow-headers': cors.AllowHeaders.join(','),
    }),
    ...(cors.MaxAge !== undefined && { 'access-control-max-age': String(cors.MaxAge) }),
  };
}

/** The headers added to the function's answer to an allowed origin. */
export function responseHeaders(cors: Cors, allowOrigin: string): Record<string, string> {
  return {
    ...commonHeaders(cors, allowOrigin),
    ...(cors.ExposeHeaders?.length && {
      'access-control-expose-headers': cors.ExposeHeaders.join(','),
    }),
  };
}

/** Whether the method is one the settings allow (`*` allows all). */
export function allowsMethod(cors: Cors | undefined, method: string): boolean {
  const methods = cors?.AllowMethods ?? [];
  return methods.some(
    (allowed) => allowed === '*' || allowed.toUpperCase() === method.toUpperCase(),
  );
}

function commonHeaders(cors: Cors, allowOrigin: string): Record<string, string> {
  return {
    'access-control-allow-origin': allowOrigin,
    ...(cors.AllowCredentials && { 'access-control-allow-credentials': 'true' }),
    vary: 'Origin',
  };
}
