/** What sns-route's unit tests add to the shared targets: each target's account, and the commands a mock got. */
import type { TargetKind } from '@l2l/workshop';
import { ACCOUNT_ID } from '@l2l/workshop/testing';

/** The local cloud's account is all zeros; the AWS one is the shared test account. */
export const accounts: Record<TargetKind, string> = { local: '000000000000', aws: ACCOUNT_ID };

/** Every command a mocked client sent, in order, as `[command name, exact input]`. */
export function sentCommands(mock: {
  calls(): readonly {
    args: readonly [{ constructor: { name: string }; input: unknown }, ...unknown[]];
  }[];
}): [string, unknown][] {
  return mock.calls().map(({ args: [command] }) => [command.constructor.name, command.input]);
}
