/**
 * The event invoke config operations end to end, through the unchanged SDK client
 * against a running local cloud: Put, Get, Update, List and Delete, and their errors.
 */
import {
  DeleteFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  ResourceNotFoundException,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAKY_SOURCE, useAsyncInvocation } from './support/async-invocation.ts';
import { failure } from './support/failure.ts';
import { FUNCTION_ARN_PREFIX as ARN } from './support/lambda-api.ts';
import { REGION } from './support/local-cloud.ts';

describe('asynchronous invocation', () => {
  const { tools, send } = useAsyncInvocation();

  describe('event invoke config operations', () => {
    beforeAll(() => tools.deploy('configured', FLAKY_SOURCE));

    it('Put sets, Get reads, Update changes what it names, List lists, Delete removes', async () => {
      const put = await send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'configured',
          MaximumEventAgeInSeconds: 3_600,
          DestinationConfig: { OnFailure: { Destination: `${ARN}:recorder` } },
        }),
      );
      expect(put.$metadata.httpStatusCode).toBe(200);
      const { $metadata, ...config } = put;
      expect(config).toEqual({
        LastModified: expect.any(Date),
        FunctionArn: `${ARN}:configured:$LATEST`,
        MaximumEventAgeInSeconds: 3_600,
        DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: `${ARN}:recorder` } },
      });
      expect(Math.abs((put.LastModified?.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);
      const got = await send(
        new GetFunctionEventInvokeConfigCommand({ FunctionName: 'configured' }),
      );
      expect(got).toMatchObject(config);

      const updated = await send(
        new UpdateFunctionEventInvokeConfigCommand({
          FunctionName: `${ARN}:configured`,
          MaximumRetryAttempts: 1,
        }),
      );
      expect(updated).toMatchObject({
        ...config,
        MaximumRetryAttempts: 1,
        LastModified: expect.any(Date),
      });
      const listed = await send(
        new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'configured' }),
      );
      expect(listed.FunctionEventInvokeConfigs).toEqual([
        { ...config, MaximumRetryAttempts: 1, LastModified: expect.any(Date) },
      ]);
      expect(listed.NextMarker).toBeUndefined();

      const deleted = await send(
        new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'configured' }),
      );
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      const gone = await failure(
        send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'configured' })),
      );
      expect(gone).toBeInstanceOf(ResourceNotFoundException);
      expect(gone.message).toBe(
        `The function ${ARN}:configured:$LATEST doesn't have an EventInvokeConfig`,
      );
      expect(gone.$metadata.httpStatusCode).toBe(404);
      const empty = await send(
        new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'configured' }),
      );
      expect(empty.FunctionEventInvokeConfigs).toEqual([]);
    });

    it('refuses settings out of range, malformed destinations and an empty config', async () => {
      const put = (input: object) =>
        failure(
          send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'configured', ...input })),
        );
      const cases: [object, string, string][] = [
        [
          { MaximumRetryAttempts: 3 },
          'ValidationException',
          "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
        ],
        [
          { MaximumEventAgeInSeconds: 59 },
          'ValidationException',
          "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
        ],
        [
          { MaximumEventAgeInSeconds: 21_601 },
          'ValidationException',
          "1 validation error detected: Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600",
        ],
        [
          { DestinationConfig: { OnSuccess: { Destination: 'invalid' } } },
          'ValidationException',
          String.raw`1 validation error detected: Value 'invalid' at 'destinationConfig.onSuccess.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
        ],
        [
          {},
          'InvalidParameterValueException',
          'You must specify at least one of error handling or destination setting.',
        ],
        [
          { DestinationConfig: { OnFailure: { Destination: `${ARN}:nobody` } } },
          'InvalidParameterValueException',
          `The destination ARN ${ARN}:nobody is invalid.`,
        ],
        [
          { DestinationConfig: { OnFailure: { Destination: `${ARN}:configured` } } },
          'InvalidParameterValueException',
          "You can't specify the function as a destination for itself.",
        ],
        [
          {
            DestinationConfig: {
              OnFailure: { Destination: `arn:aws:sqs:${REGION}:000000000000:dead-letters` },
            },
          },
          'InvalidParameterValueException',
          `The local cloud delivers destination records to Lambda functions only, not to arn:aws:sqs:${REGION}:000000000000:dead-letters.`,
        ],
      ];
      for (const [input, name, message] of cases) {
        const error = await put(input);
        expect({
          name: error.name,
          message: error.message,
          status: error.$metadata.httpStatusCode,
        }).toEqual({
          name,
          message,
          status: 400,
        });
      }
    });

    it('answers ResourceNotFoundException for a function or config that does not exist', async () => {
      const missing = await failure(
        send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'nobody',
            MaximumRetryAttempts: 1,
          }),
        ),
      );
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.message).toBe("The function doesn't exist.");
      const qualified = await failure(
        send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'configured',
            Qualifier: 'v1',
            MaximumRetryAttempts: 1,
          }),
        ),
      );
      expect(qualified).toBeInstanceOf(ResourceNotFoundException);
      await send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'configured' })).catch(
        () => {},
      );
      const update = await failure(
        send(
          new UpdateFunctionEventInvokeConfigCommand({
            FunctionName: 'configured',
            MaximumRetryAttempts: 1,
          }),
        ),
      );
      expect(update).toBeInstanceOf(ResourceNotFoundException);
      expect(update.message).toBe(
        `The function ${ARN}:configured:$LATEST doesn't have an EventInvokeConfig`,
      );
      const remove = await failure(
        send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'nobody' })),
      );
      expect(remove.message).toBe(
        `The function ${ARN}:nobody:$LATEST doesn't have an EventInvokeConfig`,
      );
      expect(
        await failure(send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'nobody' }))),
      ).toBeInstanceOf(ResourceNotFoundException);
    });

    it('goes with its function', async () => {
      await tools.deploy('shortLived', FLAKY_SOURCE);
      await send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'shortLived',
          MaximumRetryAttempts: 0,
        }),
      );
      await send(new DeleteFunctionCommand({ FunctionName: 'shortLived' }));
      await tools.deploy('shortLived', FLAKY_SOURCE);
      const error = await failure(
        send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'shortLived' })),
      );
      expect(error).toBeInstanceOf(ResourceNotFoundException);
    });
  });
});
