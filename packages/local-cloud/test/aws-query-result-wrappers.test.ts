/**
 * Every awsQuery operation the local cloud serves answers with an `<ActionResult>` element
 * exactly when botocore's model of the service says its output has a `resultWrapper`: botocore
 * (the AWS CLI, boto3) fails on a missing one (`KeyError: 'TagResourceResult'`), even where the
 * SDK v3 forgives. The models are the ones Debian's `awscli` ships (CI installs it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useLocalCloud } from './support/local-cloud.ts';
import { signedFetch } from './support/signed-fetch.ts';

const MODELS = '/usr/lib/python3/dist-packages/awscli/botocore/data';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:echoTest';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:wrapped';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

interface Model {
  readonly operations: Record<string, { readonly output?: { readonly resultWrapper?: string } }>;
}

/** Each service: its signing name, API version, and a call of every operation it serves, in an order that works. */
const SERVICES: readonly {
  readonly service: string;
  readonly version: string;
  readonly calls: readonly (readonly [string, Record<string, string>])[];
}[] = [
  { service: 'sts', version: '2011-06-15', calls: [['GetCallerIdentity', {}]] },
  {
    service: 'iam',
    version: '2010-05-08',
    calls: [
      ['CreateRole', { RoleName: 'wrapped', AssumeRolePolicyDocument: TRUST }],
      ['GetRole', { RoleName: 'wrapped' }],
      ['ListRoles', {}],
      ['TagRole', { RoleName: 'wrapped', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }],
      ['ListRoleTags', { RoleName: 'wrapped' }],
      ['UntagRole', { RoleName: 'wrapped', 'TagKeys.member.1': 'k' }],
      [
        'AttachRolePolicy',
        {
          RoleName: 'wrapped',
          PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        },
      ],
      ['ListAttachedRolePolicies', { RoleName: 'wrapped' }],
      [
        'DetachRolePolicy',
        {
          RoleName: 'wrapped',
          PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        },
      ],
      ['PutRolePolicy', { RoleName: 'wrapped', PolicyName: 'p', PolicyDocument: TRUST }],
      ['GetRolePolicy', { RoleName: 'wrapped', PolicyName: 'p' }],
      ['ListRolePolicies', { RoleName: 'wrapped' }],
      ['DeleteRolePolicy', { RoleName: 'wrapped', PolicyName: 'p' }],
      ['DeleteRole', { RoleName: 'wrapped' }],
    ],
  },
  {
    service: 'sns',
    version: '2010-03-31',
    calls: [
      ['CreateTopic', { Name: 'wrapped' }],
      ['GetTopicAttributes', { TopicArn: TOPIC_ARN }],
      [
        'SetTopicAttributes',
        { TopicArn: TOPIC_ARN, AttributeName: 'DisplayName', AttributeValue: 'w' },
      ],
      ['ListTopics', {}],
      [
        'TagResource',
        { ResourceArn: TOPIC_ARN, 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' },
      ],
      ['ListTagsForResource', { ResourceArn: TOPIC_ARN }],
      ['UntagResource', { ResourceArn: TOPIC_ARN, 'TagKeys.member.1': 'k' }],
      ['Subscribe', { TopicArn: TOPIC_ARN, Protocol: 'lambda', Endpoint: FUNCTION_ARN }],
      ['ListSubscriptions', {}],
      ['ListSubscriptionsByTopic', { TopicArn: TOPIC_ARN }],
      // SubscriptionArn: the one Subscribe answered (filled in as the calls run).
      ['GetSubscriptionAttributes', {}],
      ['Publish', { TopicArn: TOPIC_ARN, Message: 'hello' }],
      ['Unsubscribe', {}],
      ['DeleteTopic', { TopicArn: TOPIC_ARN }],
    ],
  },
];

const cloud = useLocalCloud();

/** The XML answer of one awsQuery call, which must succeed. */
async function call(
  service: string,
  version: string,
  action: string,
  params: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
  const response = await signedFetch(`${cloud().endpoint}/`, {
    service,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return { status: response.status, body: await response.text() };
}

describe.each(SERVICES)(
  '$service: the result wrapper of every operation',
  ({ service, version, calls }) => {
    const modelFile = `${MODELS}/${service}/${version}/service-2.json`;
    const model = () => {
      expect(existsSync(modelFile), `${modelFile}: install awscli (apt-get install awscli)`).toBe(
        true,
      );
      return JSON.parse(readFileSync(modelFile, 'utf8')) as Model;
    };

    it('the calls below cover every operation the local cloud serves', async () => {
      const served: string[] = [];
      for (const action of Object.keys(model().operations)) {
        const { body } = await call(service, version, action, {});
        if (!body.includes(`Could not find operation ${action}`)) served.push(action);
      }
      expect(served.sort()).toEqual(calls.map(([action]) => action).sort());
    });

    it('answers <ActionResult> exactly when the model has a resultWrapper', async () => {
      const { operations } = model();
      let subscriptionArn = '';
      const answered: [string, boolean][] = [];
      const expected: [string, boolean][] = [];
      for (const [action, params] of calls) {
        const withSubscription =
          action === 'GetSubscriptionAttributes' || action === 'Unsubscribe'
            ? { ...params, SubscriptionArn: subscriptionArn }
            : params;
        const { status, body } = await call(service, version, action, withSubscription);
        expect(status, `${action}: ${body}`).toBe(200);
        subscriptionArn = /<SubscriptionArn>([^<]+)</.exec(body)?.[1] ?? subscriptionArn;
        answered.push([action, new RegExp(`<${action}Result[\\s/>]`).test(body)]);
        expected.push([action, operations[action]?.output?.resultWrapper === `${action}Result`]);
      }
      expect(answered).toEqual(expected);
    });
  },
);
