/**
 * STS through the unchanged `@aws-sdk/client-sts`: GetCallerIdentity, and the
 * error a script gets for an STS operation the local cloud does not serve.
 */
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { signedFetch } from './support/signed-fetch.ts';

const cloud = useLocalCloud();

describe('STS', () => {
  it('says a caller signing with its own keys is the local account root, whatever they are', async () => {
    const sts = new STSClient(clientConfig(cloud()));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('000000000000');
    expect(identity.Arn).toBe('arn:aws:iam::000000000000:root');
    expect(identity.UserId).toBe('000000000000');
    expect(identity.$metadata.httpStatusCode).toBe(200);
    expect(identity.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    sts.destroy();
  });

  it('answers an operation it does not serve with InvalidAction (400)', async () => {
    const sts = new STSClient(clientConfig(cloud()));
    const error = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::000000000000:role/r',
          RoleSessionName: 's',
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(STSServiceException);
    expect((error as STSServiceException).name).toBe('InvalidAction');
    expect((error as STSServiceException).message).toBe(
      'Could not find operation AssumeRole for version 2011-06-15',
    );
    expect((error as STSServiceException).$metadata.httpStatusCode).toBe(400);
    sts.destroy();
  });

  it('answers in the STS namespace', async () => {
    const response = await signedFetch(`${cloud().endpoint}/`, {
      service: 'sts',
      region: 'eu-west-1',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:root<\/Arn><UserId>000000000000<\/UserId><Account>000000000000<\/Account><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
  });
});
