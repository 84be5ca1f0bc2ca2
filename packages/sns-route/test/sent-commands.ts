/** Every command a mocked client sent, in order, as `[command name, exact input]`. */
export function sentCommands(mock: {
  calls(): readonly {
    args: readonly [{ constructor: { name: string }; input: unknown }, ...unknown[]];
  }[];
}): [string, unknown][] {
  return mock.calls().map(({ args: [command] }) => [command.constructor.name, command.input]);
}
