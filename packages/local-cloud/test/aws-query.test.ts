/**
 * The awsQuery protocol helpers on their own: dispatch by Action and Version,
 * the XML of answers and errors, and the flattened lists and maps of requests.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  entryMap,
  memberList,
  type QueryParams,
  queryService,
  stringList,
  xmlList,
} from '../src/protocols/aws-query.ts';
import { AwsError } from '../src/server/aws-error.ts';
import type { AwsRequest, AwsResponse } from '../src/server/aws-request.ts';

const XMLNS = 'https://example.amazonaws.com/doc/2020-01-01/';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
});

const service = queryService({
  signingName: 'example',
  version: '2020-01-01',
  xmlns: XMLNS,
  operations: {
    Echo: (params) => ({
      Name: params.get('Name'),
      Count: 2,
      Done: false,
      Items: xmlList([{ Key: 'a' }, { Key: 'b' }]),
      Empty: xmlList([]),
    }),
    Forget: () => undefined,
    Fail: () => {
      throw new AwsError('InternalFailure', 'The request processing has failed.', 500);
    },
  },
});

function request(body: string, query = ''): AwsRequest {
  return {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(query),
    headers: {},
    body: Buffer.from(body),
    region: 'us-east-1',
    requestId: '11111111-2222-3333-4444-555555555555',
  };
}

/** What the service answers, errors included (as the router would serialize them). */
async function answer(body: string, query = ''): Promise<AwsResponse> {
  const sent = request(body, query);
  try {
    return await service.handle(sent);
  } catch (error) {
    if (error instanceof AwsError) return service.errorResponse(error, sent);
    throw error;
  }
}

function parsed(response: AwsResponse): unknown {
  return parser.parse(String(response.body));
}

describe('queryService', () => {
  it('answers an action with <ActionResponse><ActionResult> and the request id', async () => {
    const response = await answer('Action=Echo&Version=2020-01-01&Name=a%20%26%20%3Cb%3E');
    expect(response.status).toBe(200);
    expect(response.headers).toEqual({
      'content-type': 'text/xml',
      'x-amzn-requestid': '11111111-2222-3333-4444-555555555555',
    });
    expect(String(response.body)).toContain('<Name>a &amp; &lt;b&gt;</Name>');
    expect(parsed(response)).toEqual({
      EchoResponse: {
        '@xmlns': XMLNS,
        EchoResult: {
          Name: 'a & <b>',
          Count: '2',
          Done: 'false',
          Items: { member: [{ Key: 'a' }, { Key: 'b' }] },
          Empty: '',
        },
        ResponseMetadata: { RequestId: '11111111-2222-3333-4444-555555555555' },
      },
    });
  });

  it('answers an operation without a result with the response metadata only', async () => {
    const response = await answer('Action=Forget&Version=2020-01-01');
    expect(parsed(response)).toEqual({
      ForgetResponse: {
        '@xmlns': XMLNS,
        ResponseMetadata: { RequestId: '11111111-2222-3333-4444-555555555555' },
      },
    });
  });

  it('reads the parameters of a GET from the query string', async () => {
    const response = await answer('', 'Action=Echo&Version=2020-01-01&Name=from-query');
    expect(parsed(response)).toMatchObject({
      EchoResponse: { EchoResult: { Name: 'from-query' } },
    });
  });

  it('serves a request without Version with the current version', async () => {
    expect((await answer('Action=Echo')).status).toBe(200);
  });

  it('answers an unknown action, or another version, with InvalidAction', async () => {
    for (const [body, message] of [
      ['Action=Nope&Version=2020-01-01', 'Could not find operation Nope for version 2020-01-01'],
      ['Action=Echo&Version=2019-01-01', 'Could not find operation Echo for version 2019-01-01'],
      ['Action=toString', 'Could not find operation toString for version 2020-01-01'],
    ]) {
      const response = await answer(body ?? '');
      expect(response.status).toBe(400);
      expect(parsed(response)).toEqual({
        ErrorResponse: {
          '@xmlns': XMLNS,
          Error: { Type: 'Sender', Code: 'InvalidAction', Message: message },
          RequestId: '11111111-2222-3333-4444-555555555555',
        },
      });
    }
  });

  it('answers a request without an action with MissingAction', async () => {
    for (const body of ['', 'Version=2020-01-01', 'Action=', '\u0000\u00ff garbage']) {
      const response = await answer(body);
      expect(response.status).toBe(400);
      expect(parsed(response)).toMatchObject({
        ErrorResponse: {
          Error: {
            Type: 'Sender',
            Code: 'MissingAction',
            Message: 'The request is missing an action or a required parameter.',
          },
        },
      });
    }
  });

  it('marks errors of the service itself as the Receiver’s', async () => {
    const response = await answer('Action=Fail');
    expect(response.status).toBe(500);
    expect(parsed(response)).toMatchObject({
      ErrorResponse: {
        Error: {
          Type: 'Receiver',
          Code: 'InternalFailure',
          Message: 'The request processing has failed.',
        },
      },
    });
  });
});

describe('request parameters', () => {
  const params: QueryParams = new Map(
    new URLSearchParams(
      [
        'Tags.member.2.Key=second',
        'Tags.member.2.Value=2',
        'Tags.member.1.Key=first',
        'Tags.member.1.Value=1',
        'Tags.member.10.Key=tenth',
        'Tags.member.0.Key=not-a-member',
        'Tags.member.x.Key=not-a-member',
        'TagKeys.member.2=b',
        'TagKeys.member.1=a',
        'Attributes.entry.1.key=DisplayName',
        'Attributes.entry.1.value=Orders',
        'Attributes.entry.2.key=Policy',
        'Other=1',
      ].join('&'),
    ),
  );

  it('reads a list of structures in member order', () => {
    expect(memberList(params, 'Tags')).toEqual([
      { Key: 'first', Value: '1' },
      { Key: 'second', Value: '2' },
      { Key: 'tenth' },
    ]);
    expect(memberList(params, 'Missing')).toEqual([]);
  });

  it('reads a list of strings in member order', () => {
    expect(stringList(params, 'TagKeys')).toEqual(['a', 'b']);
    expect(stringList(params, 'Tags')).toEqual([]);
  });

  it('reads a map, a missing value being empty', () => {
    expect(entryMap(params, 'Attributes')).toEqual({ DisplayName: 'Orders', Policy: '' });
    expect(entryMap(params, 'Missing')).toEqual({});
  });
});
