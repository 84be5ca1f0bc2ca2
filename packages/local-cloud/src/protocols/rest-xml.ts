/**
 * restXml's error body, which S3 and other REST-XML services write:
 * `<Error><Code>NoSuchBucket</Code><Message>...</Message><RequestId>...</RequestId></Error>`
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). The local cloud serves
 * no REST-XML service; it answers their clients in it, so that they can read why.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { AwsError } from '../server/aws-error.ts';
import type { AwsRequest, AwsResponse } from '../server/aws-request.ts';

/** The signing names of the REST-XML services (botocore's `"protocol": "rest-xml"` models). */
export const REST_XML_SERVICES: ReadonlySet<string> = new Set(['s3', 'route53', 'cloudfront']);

const xml = new XMLBuilder();

export function restXmlError(error: AwsError, request: AwsRequest): AwsResponse {
  return {
    status: error.statusCode,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': request.requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml.build({
      Error: { Code: error.code, Message: error.message, RequestId: request.requestId },
    })}`,
  };
}
