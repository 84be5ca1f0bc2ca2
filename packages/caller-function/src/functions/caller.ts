/**
 * Chapter 7: the caller as a Lambda function. Until here every caller was a script on your
 * machine; this is the 2017 post's "wrap the code in `exports.handler` and upload it". The
 * handler makes the route its event names, the same calls as chapters 2 to 5:
 *
 * - `sync`: Invoke echoTest and wait for its answer (chapter 2);
 * - `async`: Invoke echoTest with `InvocationType: 'Event'` (chapter 3);
 * - `publish`: publish to the topic testSns (chapter 4);
 * - `put`: put a record into the stream testKinesis (chapter 5).
 *
 * The SDK clients are not bundled into the zip: Lambda's Node.js runtimes provide the AWS SDK
 * v3, and so does the local cloud. They are made once per execution environment, outside the
 * handler, so that a warm start reuses them and their connections. They are given no region,
 * endpoint or credentials: Lambda sets AWS_REGION and the temporary credentials of the
 * function's execution role in its environment (the local cloud also sets AWS_ENDPOINT_URL),
 * so every call is made as that role, and its policy decides what the caller may do.
 * Sources: https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
 */
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { encodeEvent, invokePayloadText } from '@l2l/decoding';
import { ROUTES, type Route } from './routes.ts';

const lambda = new LambdaClient({});
const sns = new SNSClient({});
const kinesis = new KinesisClient({});

/** Where the routes lead: the deployment sets these environment variables. */
function target(name: 'CALLEE_FUNCTION' | 'TOPIC_ARN' | 'STREAM_NAME'): string {
  const value = process.env[name];
  if (!value) throw new Error(`The environment variable ${name} is not set`);
  return value;
}

/** Chapter 2's event, as every route sends it. */
const EVENT = { id: '1', name: 'Luna' };

export async function handler(event: { route: Route }) {
  switch (event.route) {
    case 'sync': {
      const result = await lambda.send(
        new InvokeCommand({ FunctionName: target('CALLEE_FUNCTION'), Payload: encodeEvent(EVENT) }),
      );
      // The callee's request id tells the step where to find the callee's REPORT line.
      const { requestId } = result.$metadata;
      return { StatusCode: result.StatusCode, Payload: invokePayloadText(result), requestId };
    }
    case 'async': {
      const result = await lambda.send(
        new InvokeCommand({
          FunctionName: target('CALLEE_FUNCTION'),
          InvocationType: 'Event',
          Payload: encodeEvent(EVENT),
        }),
      );
      return { StatusCode: result.StatusCode, requestId: result.$metadata.requestId };
    }
    case 'publish': {
      const { MessageId } = await sns.send(
        new PublishCommand({ TopicArn: target('TOPIC_ARN'), Message: JSON.stringify(EVENT) }),
      );
      return { MessageId };
    }
    case 'put': {
      const { ShardId, SequenceNumber } = await kinesis.send(
        new PutRecordCommand({
          StreamName: target('STREAM_NAME'),
          Data: encodeEvent(EVENT),
          PartitionKey: 'partition',
        }),
      );
      return { ShardId, SequenceNumber };
    }
  }
  throw new Error(`No route ${JSON.stringify(event.route)}: the routes are ${ROUTES.join(', ')}`);
}
