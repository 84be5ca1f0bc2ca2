/** The ARNs kinesis-route's unit tests expect, on the shared targets (@l2l/workshop/testing). */
import type { ClientConfig } from '@l2l/workshop';
import { ACCOUNT_ID } from '@l2l/workshop/testing';

export const streamArn = (config: ClientConfig, name = 'testKinesis') =>
  `arn:aws:kinesis:${config.region}:${ACCOUNT_ID}:stream/${name}`;
export const functionArn = (config: ClientConfig, name = 'echoTest') =>
  `arn:aws:lambda:${config.region}:${ACCOUNT_ID}:function:${name}`;
