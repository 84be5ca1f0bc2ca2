/**
 * IAM's decision as a table: each row a request, the policies in force and what IAM
 * decides (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
import { describe, expect, it } from 'vitest';
import {
  type AuthorizationRequest,
  type Decision,
  decide,
  type Policies,
  type PolicyStatement,
} from '../src/auth/policy-evaluation.ts';

const ROLE = 'arn:aws:iam::000000000000:role/caller-role';
const SESSION = 'arn:aws:sts::000000000000:assumed-role/caller-role/caller';
const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:echoTest';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:testSns';
const LOG_STREAM = 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/echoTest:log-stream:';

const request = (action: string, resource: string): AuthorizationRequest => ({
  principalArns: [SESSION, ROLE],
  action,
  resource,
});
const policy = (...Statement: PolicyStatement[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*'): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource,
});
const deny = (Action: string | string[], Resource: string | string[] = '*'): PolicyStatement => ({
  Effect: 'Deny',
  Action,
  Resource,
});

const ALLOWED: Decision = { allowed: true };
const IMPLICIT: Decision = { allowed: false, explicit: false, policyType: 'identity-based' };
const EXPLICIT: Decision = { allowed: false, explicit: true, policyType: 'identity-based' };
const EXPLICIT_RESOURCE: Decision = {
  allowed: false,
  explicit: true,
  policyType: 'resource-based',
};

const invoke = request('lambda:InvokeFunction', FUNCTION);

const rows: [string, AuthorizationRequest, Policies, Decision][] = [
  ['no policy at all: implicit deny', invoke, { identity: [] }, IMPLICIT],
  [
    'an Allow of the action on the resource',
    invoke,
    { identity: [policy(allow('lambda:InvokeFunction', FUNCTION))] },
    ALLOWED,
  ],
  [
    'an Allow of another action',
    invoke,
    { identity: [policy(allow('lambda:GetFunction', FUNCTION))] },
    IMPLICIT,
  ],
  [
    'an Allow on another resource',
    invoke,
    { identity: [policy(allow('lambda:InvokeFunction', `${FUNCTION}2`))] },
    IMPLICIT,
  ],
  [
    'an explicit Deny wins over an Allow, in another policy',
    invoke,
    { identity: [policy(allow('*')), policy(deny('lambda:Invoke*'))] },
    EXPLICIT,
  ],
  [
    'a Deny of something else leaves the Allow',
    invoke,
    { identity: [policy(allow('lambda:*'), deny('lambda:DeleteFunction'))] },
    ALLOWED,
  ],
  [
    'actions are case-insensitive',
    invoke,
    { identity: [policy(allow('LAMBDA:invokefunction', FUNCTION))] },
    ALLOWED,
  ],
  [
    'resources are case-sensitive',
    invoke,
    { identity: [policy(allow('lambda:InvokeFunction', FUNCTION.toUpperCase()))] },
    IMPLICIT,
  ],
  [
    '`?` stands for one character of an action',
    request('sns:Publish', TOPIC),
    { identity: [policy(allow('sns:Publis?', TOPIC))] },
    ALLOWED,
  ],
  [
    '`?` is exactly one character',
    request('sns:Publish', TOPIC),
    { identity: [policy(allow('sns:Publish?', TOPIC))] },
    IMPLICIT,
  ],
  [
    'a wildcard inside a segment of a resource ARN',
    invoke,
    { identity: [policy(allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:echo*'))] },
    ALLOWED,
  ],
  [
    'a `*` within a segment does not cross a colon',
    request('lambda:InvokeFunction', `${FUNCTION}:live`),
    { identity: [policy(allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:echo*Test'))] },
    IMPLICIT,
  ],
  [
    'a `*` that ends a segment crosses colons (a qualified function ARN)',
    request('lambda:InvokeFunction', `${FUNCTION}:live`),
    { identity: [policy(allow('lambda:InvokeFunction', `${FUNCTION}*`))] },
    ALLOWED,
  ],
  [
    'a log group with `:*` covers its streams',
    request('logs:PutLogEvents', `${LOG_STREAM}2026/11/25/[$LATEST]abc`),
    {
      identity: [
        policy(allow('logs:PutLogEvents', 'arn:aws:logs:*:*:log-group:/aws/lambda/echoTest:*')),
      ],
    },
    ALLOWED,
  ],
  [
    'NotAction: every action but the ones it names',
    invoke,
    { identity: [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
    ALLOWED,
  ],
  [
    'NotAction: not the ones it names',
    request('iam:CreateRole', '*'),
    { identity: [policy({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' })] },
    IMPLICIT,
  ],
  [
    'NotResource: every resource but the ones it names',
    invoke,
    {
      identity: [policy(allow('*'), { Effect: 'Deny', Action: '*', NotResource: `${FUNCTION}*` })],
    },
    ALLOWED,
  ],
  [
    'NotResource with Deny denies the others',
    request('sns:Publish', TOPIC),
    {
      identity: [
        policy(allow('*'), { Effect: 'Deny', Action: '*', NotResource: [`${FUNCTION}*`] }),
      ],
    },
    EXPLICIT,
  ],
  [
    'one statement as an object, not a list',
    invoke,
    { identity: [{ Version: '2012-10-17', Statement: allow('lambda:*') }] },
    ALLOWED,
  ],
  [
    'a statement with a Condition is not evaluated, so it allows nothing',
    invoke,
    {
      identity: [
        policy({ ...allow('lambda:*'), Condition: { StringEquals: { 'aws:SourceAccount': '1' } } }),
      ],
    },
    IMPLICIT,
  ],
  [
    'a statement without Resource or NotResource applies to nothing',
    invoke,
    { identity: [policy({ Effect: 'Allow', Action: 'lambda:*' })] },
    IMPLICIT,
  ],
  [
    'what is no policy allows nothing',
    invoke,
    { identity: [null, 'text', { Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }] },
    IMPLICIT,
  ],
  [
    "the resource's policy naming the role allows, without an identity policy",
    invoke,
    {
      identity: [],
      resource: policy({ ...allow('lambda:InvokeFunction', FUNCTION), Principal: { AWS: ROLE } }),
    },
    ALLOWED,
  ],
  [
    "the resource's policy naming the session allows too",
    invoke,
    {
      identity: [],
      resource: policy({
        ...allow('lambda:InvokeFunction', FUNCTION),
        Principal: { AWS: [SESSION] },
      }),
    },
    ALLOWED,
  ],
  [
    "the resource's policy naming the account leaves it to the identity policies",
    invoke,
    {
      identity: [],
      resource: policy({
        ...allow('lambda:InvokeFunction', FUNCTION),
        Principal: { AWS: 'arn:aws:iam::000000000000:root' },
      }),
    },
    IMPLICIT,
  ],
  [
    "the resource's policy for a service principal does not let a role in",
    invoke,
    {
      identity: [],
      resource: policy({
        ...allow('lambda:InvokeFunction', FUNCTION),
        Principal: { Service: 'sns.amazonaws.com' },
      }),
    },
    IMPLICIT,
  ],
  [
    "a Deny in the resource's policy wins over the identity policy's Allow",
    invoke,
    {
      identity: [policy(allow('lambda:*'))],
      resource: policy({ ...deny('lambda:InvokeFunction', FUNCTION), Principal: '*' }),
    },
    EXPLICIT_RESOURCE,
  ],
];

describe('decide', () => {
  it.each(rows)('%s', (_title, authorizationRequest, policies, decision) => {
    expect(decide(authorizationRequest, policies)).toEqual(decision);
  });
});
