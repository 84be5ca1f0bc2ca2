import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { ACCOUNT_ID, TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { failureLogGroup, versionThatLogged, waitForRefusedDelivery } from '../src/delivery-log.ts';

const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => logs.reset());
const config = TARGETS.aws;
const topicArn = `arn:aws:sns:${config.region}:${ACCOUNT_ID}:testSns`;
const functionArn = `arn:aws:lambda:${config.region}:${ACCOUNT_ID}:function:echoTest`;
const messageId = '5b3eb5d0-cbe9-4003-9152-e0460272038b';

describe('versionThatLogged', () => {
  it('reads the version from the START line of the invocation that logged the text', async () => {
    const requestId = '0f5a6b2c-1111-4222-8333-444455556666';
    logs
      .on(FilterLogEventsCommand, { filterPattern: `"${messageId}"` })
      .resolves({
        events: [{ message: `2026-11-25T16:02:59.690Z\t${requestId}\tINFO\t{ ${messageId} }\n` }],
      })
      .on(FilterLogEventsCommand, { filterPattern: `"${requestId}"` })
      .resolves({
        events: [
          { message: `START RequestId: ${requestId} Version: 2\n` },
          { message: `END RequestId: ${requestId}\n` },
        ],
      });
    await expect(versionThatLogged(config, 'echoTest', messageId)).resolves.toBe('2');
  });

  it('is undefined while nothing logged the text', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    await expect(versionThatLogged(config, 'echoTest', messageId)).resolves.toBeUndefined();
  });
});

describe('waitForRefusedDelivery', () => {
  it("returns the delivery status log's line for the endpoint, once SNS has written it", async () => {
    expect(failureLogGroup(topicArn)).toBe(`sns/${config.region}/${ACCOUNT_ID}/testSns/Failure`);
    const delivery = (destination: string) => ({
      destination,
      statusCode: 403,
      providerResponse: '{"ErrorCode":"AccessDeniedException"}',
    });
    logs
      .on(FilterLogEventsCommand)
      // The log group appears with SNS's first failed delivery.
      .rejectsOnce(
        new ResourceNotFoundException({
          message: 'The specified log group does not exist.',
          $metadata: {},
        }),
      )
      .resolves({
        events: [
          {
            message: JSON.stringify({
              delivery: delivery(`${functionArn}:other`),
              status: 'FAILURE',
            }),
          },
          { message: JSON.stringify({ delivery: delivery(functionArn), status: 'FAILURE' }) },
        ],
      });
    await expect(waitForRefusedDelivery(config, topicArn, messageId, functionArn)).resolves.toEqual(
      delivery(functionArn),
    );
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: failureLogGroup(topicArn),
      filterPattern: `"${messageId}"`,
    });
  });
});
