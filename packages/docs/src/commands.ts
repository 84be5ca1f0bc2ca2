/**
 * Commands: every `pnpm --filter <package> [run] <script>` written in a page's
 * code names a package of the workspace and a script of its package.json, and
 * every `pnpm <script>` a script of the root package.json.
 *
 * Without `run`, pnpm runs its own command of that name if it has one
 * (`pnpm --filter X deploy` is pnpm's deploy, not the script), so the pages
 * leave `run` out only for `start` and `test`, which pnpm always runs as scripts.
 */
import { codeSpans, lineAt, type Page, type Problem } from './pages.ts';
import { RUN_AS_SCRIPTS } from './script-names.ts';
import type { Workspace } from './workspace.ts';

/** pnpm's own commands that the pages use. */
const COMMANDS_THE_PAGES_USE = new Set(['install', 'exec']);

/** `pnpm --filter <package> <word> <word>`, or `pnpm <word>`, with an optional `@version`. */
const COMMAND =
  /\bpnpm(?:@[\d.]+)?[ \t]+(?:--filter[ \t=]+([^\s`]+)[ \t]+([^\s`]+)(?:[ \t]+([^\s`]+))?|([a-z][\w:-]*))/g;
/** Names of packages and scripts; anything else (`<script>`) is a placeholder, not checked. */
const PACKAGE = /^(@[\w.-]+\/)?[\w.-]+$/;
const SCRIPT = /^\w[\w:.-]*$/;

export function checkCommands(page: Page, workspace: Workspace): Problem[] {
  const problems: Problem[] = [];
  for (const span of codeSpans(page.text)) {
    for (const match of span.text.matchAll(COMMAND)) {
      const [command = '', filter, first = '', second = '', rootScript] = match;
      const problem = (message: string) =>
        problems.push({
          path: page.path,
          line: lineAt(page.text, span.start + match.index),
          message: `${command.trim()}: ${message}`,
        });
      if (rootScript !== undefined) {
        if (
          !COMMANDS_THE_PAGES_USE.has(rootScript) &&
          !Object.hasOwn(workspace.rootScripts, rootScript)
        ) {
          problem(`the root package.json has no script '${rootScript}'`);
        }
        continue;
      }
      const withRun = first === 'run';
      const script = withRun ? second : first;
      if (!filter || !PACKAGE.test(filter) || !SCRIPT.test(script)) continue;
      const scripts = workspace.packages.get(filter)?.scripts;
      if (scripts === undefined) problem(`no package named ${filter} in packages/`);
      else if (!Object.hasOwn(scripts, script)) problem(`${filter} has no script '${script}'`);
      else if (!withRun && !RUN_AS_SCRIPTS.has(script)) {
        problem(
          `write 'pnpm --filter ${filter} run ${script}': without 'run', pnpm may run a command of its own`,
        );
      }
    }
  }
  return problems;
}
