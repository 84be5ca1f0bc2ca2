/**
 * A topic's attributes: those CreateTopic and SetTopicAttributes accept, and the
 * defaults GetTopicAttributes reports for a new standard topic. The defaults are
 * AWS's own, as recorded in LocalStack's snapshot tests (TestSNSTopicCrud::test_create_topic_test_arn).
 * https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html
 */

const FEEDBACK_ATTRIBUTES = ['Application', 'Firehose', 'HTTP', 'Lambda', 'SQS'].flatMap(
  (endpoint) => [
    `${endpoint}SuccessFeedbackRoleArn`,
    `${endpoint}SuccessFeedbackSampleRate`,
    `${endpoint}FailureFeedbackRoleArn`,
  ],
);

/**
 * The attributes of a standard topic that a caller may set, stored as given.
 * Not accepted: the FIFO topic attributes (ArchivePolicy, ContentBasedDeduplication,
 * FifoThroughputScope), as the local cloud has standard topics only, and MaximumMessageSize.
 */
export const SETTABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'DeliveryPolicy',
  'DisplayName',
  'KmsMasterKeyId',
  'Policy',
  'SignatureVersion',
  'TracingConfig',
  ...FEEDBACK_ATTRIBUTES,
]);

/** The access policy of a new topic: its owner's account may do everything. */
export function defaultPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

/** What GetTopicAttributes reports as the effective delivery policy: the HTTP/S defaults. */
export const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});
