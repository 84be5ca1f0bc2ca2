/** Test support: testKinesis exists already, as an earlier run (or somebody else) left it. */
import {
  CreateStreamCommand,
  type KinesisClient,
  ListTagsForStreamCommand,
  ResourceInUseException,
  type Tag,
} from '@aws-sdk/client-kinesis';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export const WORKSHOP_STREAM_TAGS: Tag[] = [{ Key: 'workshop', Value: 'lambda-to-lambda' }];

/** CreateStream answers ResourceInUseException, and the stream carries `tags`. */
export function streamExists(kinesis: AwsClientStub<KinesisClient>, tags: Tag[]): void {
  kinesis
    .on(CreateStreamCommand)
    .rejects(
      new ResourceInUseException({ message: 'Stream testKinesis already exists', $metadata: {} }),
    );
  kinesis.on(ListTagsForStreamCommand).resolves({ Tags: tags, HasMoreTags: false });
}
