/**
 * The SNS API on the wire (awsQuery, version 2010-03-31), as the SDK v3 SNS client
 * sends it: each operation reads its form parameters, calls the model, and shapes
 * the XML answer. What SNS does lives in ./model.ts.
 * https://docs.aws.amazon.com/sns/latest/api/API_Operations.html
 */
import {
  entryList,
  entryMap,
  memberList,
  type QueryParams,
  queryService,
  stringList,
  xmlList,
  xmlMap,
} from '../../protocols/aws-query.ts';
import { memberName } from '../../protocols/validation.ts';
import type { Service } from '../../server/aws-request.ts';
import { invalidParameter, parameterValueInvalid, requiredMember } from './errors.ts';
import type { MessageAttributeInput } from './message-attributes.ts';
import type { Page, SnsModel, Tag } from './model.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function snsService(model: SnsModel): Service {
  return queryService({
    signingName: 'sns',
    version: '2010-03-31',
    xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/',
    operations: {
      CreateTopic(params, { region }) {
        const topicArn = model.createTopic(region, {
          name: required(params, 'Name'),
          attributes: entryMap(params, 'Attributes'),
          tags: memberList(params, 'Tags').map(({ Key = '', Value = '' }): Tag => ({ Key, Value })),
        });
        return { TopicArn: topicArn };
      },

      GetTopicAttributes(params, { region }) {
        return { Attributes: xmlMap(model.getTopicAttributes(region, topicArn(params))) };
      },

      SetTopicAttributes(params, { region }) {
        const name = required(params, 'AttributeName');
        model.setTopicAttribute(region, topicArn(params), name, params.get('AttributeValue') ?? '');
        return undefined;
      },

      ListTopics(params, { region }) {
        const { items, nextToken } = model.listTopics(region, params.get('NextToken'));
        return {
          Topics: xmlList(items.map((arn) => ({ TopicArn: arn }))),
          ...nextTokenOf({ items, nextToken }),
        };
      },

      DeleteTopic(params, { region }) {
        model.deleteTopic(region, topicArn(params));
        return undefined;
      },

      Subscribe(params, { region }) {
        const subscriptionArn = model.subscribe(region, {
          topicArn: topicArn(params),
          protocol: required(params, 'Protocol'),
          endpoint: params.get('Endpoint'),
          attributes: entryMap(params, 'Attributes'),
        });
        return { SubscriptionArn: subscriptionArn };
      },

      Unsubscribe(params) {
        model.unsubscribe(params.get('SubscriptionArn'));
        return undefined;
      },

      ListSubscriptions(params, { region }) {
        return subscriptionsPage(model.listSubscriptions(region, params.get('NextToken')));
      },

      ListSubscriptionsByTopic(params, { region }) {
        const nextToken = params.get('NextToken');
        return subscriptionsPage(
          model.listSubscriptionsByTopic(region, topicArn(params), nextToken),
        );
      },

      GetSubscriptionAttributes(params) {
        const arn = required(params, 'SubscriptionArn');
        return { Attributes: xmlMap(model.getSubscriptionAttributes(arn)) };
      },

      ListTagsForResource(params, { region }) {
        const tags = model.listTags(region, required(params, 'ResourceArn'));
        return { Tags: xmlList(tags) };
      },

      TagResource(params, { region }) {
        const tags = memberList(params, 'Tags').map(
          ({ Key = '', Value = '' }): Tag => ({ Key, Value }),
        );
        model.tagTopic(region, required(params, 'ResourceArn'), tags);
        // An empty <TagResourceResult/>, as SNS sends it: botocore's parser requires the element.
        return {};
      },

      UntagResource(params, { region }) {
        model.untagTopic(region, required(params, 'ResourceArn'), stringList(params, 'TagKeys'));
        return {};
      },

      Publish(params, request) {
        const { region } = request;
        if (params.has('PhoneNumber')) {
          throw invalidParameter(
            'Invalid parameter: PhoneNumber Reason: the local cloud sends no SMS',
          );
        }
        const messageId = model.publish(region, {
          // "If you don't specify a value for the TopicArn parameter, you must specify a
          // value for the PhoneNumber or TargetArn parameters." (API_Publish)
          topicArn: params.get('TopicArn') ?? params.get('TargetArn'),
          message: required(params, 'Message'),
          subject: params.get('Subject'),
          messageStructure: params.get('MessageStructure'),
          messageAttributes: messageAttributes(params),
          // A function's SDK sends its chain of requests, for Lambda's recursive loop detection.
          traceHeader: request.headers['x-amzn-trace-id']?.toString(),
        });
        return { MessageId: messageId };
      },
    },
  });
}

/** A missing ARN reads as empty, which SNS answers as an ARN of 1 element. */
function topicArn(params: QueryParams): string {
  return params.get('TopicArn') ?? '';
}

function required(params: QueryParams, name: string): string {
  return requiredMember(memberName(name), params.get(name));
}

function nextTokenOf(page: Page<unknown>): { NextToken?: string } {
  return page.nextToken === undefined ? {} : { NextToken: page.nextToken };
}

function subscriptionsPage(page: Page<object>): Record<string, unknown> {
  return { Subscriptions: xmlList(page.items), ...nextTokenOf(page) };
}

/**
 * SNS's MessageAttributes map names its key `Name` and its value `Value`:
 * `MessageAttributes.entry.1.Name=color&MessageAttributes.entry.1.Value.DataType=String&
 * MessageAttributes.entry.1.Value.StringValue=red`; a BinaryValue is base64, as every blob in awsQuery.
 */
function messageAttributes(params: QueryParams): Record<string, MessageAttributeInput> {
  const attributes: Record<string, MessageAttributeInput> = {};
  for (const entry of entryList(params, 'MessageAttributes')) {
    const name = requiredMember('messageAttributes.key', entry.Name);
    const binary = entry['Value.BinaryValue'];
    if (binary !== undefined && !BASE64.test(binary)) {
      throw parameterValueInvalid(
        `The message attribute '${name}' with type 'Binary' must be base64-encoded.`,
      );
    }
    attributes[name] = {
      DataType: entry['Value.DataType'],
      StringValue: entry['Value.StringValue'],
      BinaryValue: binary === undefined ? undefined : Buffer.from(binary, 'base64'),
    };
  }
  return attributes;
}
