/**
 * GetFunction's `Code.Location`: a URL on the local cloud's endpoint that serves a
 * deployment package without the caller's signature, as AWS's presigned S3 URL does.
 * It carries a signature of its own in SigV4's query form: an HMAC of its path and
 * time, with a key made when the cloud starts, so nobody can make one up. Like AWS's,
 * it is valid for 10 minutes (API_FunctionCodeLocation: "a presigned URL that you can
 * use to download the deployment package"; API_GetFunction: "valid for 10 minutes").
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../server/aws-error.ts';
import type { AwsRequest } from '../../server/aws-request.ts';

const EXPIRES_SECONDS = 600;

export class CodeUrls {
  private readonly key = randomBytes(32);

  /** The URL of the package of `unqualifiedArn`, on the host the request was sent to. */
  url(request: AwsRequest, unqualifiedArn: string, now = new Date()): string {
    // HTTP/2 names the host in `:authority` instead of a Host header.
    const host = request.headers[':authority'] ?? request.headers.host;
    const path = `/2015-03-31/functions/${encodeURIComponent(unqualifiedArn)}/code`;
    const date = now.toISOString().replace(/[-:]|\.\d{3}/g, ''); // 20261125T101500Z
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `local-cloud/${date.slice(0, 8)}/${request.region}/lambda/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': String(EXPIRES_SECONDS),
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': this.signature(path, date, String(EXPIRES_SECONDS)),
    });
    return `http://${host}${path}?${query}`;
  }

  /** Throws S3's errors for a URL this cloud did not make, or one that has expired. */
  check(request: AwsRequest, now = new Date()): void {
    const date = request.query.get('X-Amz-Date') ?? '';
    const expires = request.query.get('X-Amz-Expires') ?? '';
    const expected = Buffer.from(this.signature(request.path, date, expires));
    const given = Buffer.from(request.query.get('X-Amz-Signature') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AwsError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
      );
    }
    const signedAt = Date.parse(
      date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    if (now.getTime() > signedAt + Number(expires) * 1000) {
      throw new AwsError('AccessDenied', 'Request has expired', 403);
    }
  }

  private signature(path: string, date: string, expires: string): string {
    return createHmac('sha256', this.key).update(`${path}\n${date}\n${expires}`).digest('hex');
  }
}
