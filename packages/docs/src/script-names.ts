/**
 * Script names: no package.json script of the workspace may be named like one of pnpm's own
 * commands. `pnpm --filter <package> <name>` without `run` runs pnpm's command when there is
 * one: a script called `setup` would leave the learner with pnpm's `setup`, which installs pnpm
 * and changes the shell's profile, and `publish` would publish. `start` and `test` are the
 * exceptions: pnpm runs those as the package's scripts.
 */
import type { Problem } from './pages.ts';
import type { Workspace } from './workspace.ts';

/**
 * pnpm 12.21.0's commands and their aliases, as `npx -y pnpm@12.21.0 help --all` lists them
 * (package.json's `packageManager` pins that version).
 */
export const PNPM_COMMANDS: ReadonlySet<string> = new Set(
  `access add adduser approve approve-builds audit bin bugs c cache cat-file cat-index change ci
  clean clean-install completion config create dedupe deploy deprecate dislink dist-tag dist-tags
  dlx docs doctor edit env exec fetch find find-hash fund get help home i ic ignored-builds import
  info init install install-clean install-test issues it la lane licences licenses link list ll ln
  login logout ls m multi outdated owner owners pack pack-app patch patch-commit patch-remove peers
  permissions ping pipeline pkg prefix profile prune publish purge rb rebuild recursive remove repo
  restart rm root rt run run-script runtime s sbom se search self-update set set-script setup shim
  show ss stage star stars start stop store t tasks team test token tst un undeprecate uni
  uninstall unlink unpublish unstar up update upgrade v version view whoami why with xmas`.split(
    /\s+/,
  ),
);

/** The commands pnpm runs as the package's script of the same name. */
export const RUN_AS_SCRIPTS: ReadonlySet<string> = new Set(['start', 'test']);

/** Every script, of the root package.json or a package's, named like another pnpm command. */
export function checkScriptNames(workspace: Workspace): Problem[] {
  const manifests = [
    ['package.json', workspace.rootScripts] as const,
    ...[...workspace.packages.values()].map(
      ({ manifest, scripts }) => [manifest, scripts] as const,
    ),
  ];
  return manifests.flatMap(([path, scripts]) =>
    Object.keys(scripts)
      .filter((name) => PNPM_COMMANDS.has(name) && !RUN_AS_SCRIPTS.has(name))
      .map((name) => ({
        path,
        line: 1,
        message: `the script '${name}' is named like pnpm's own command '${name}', which 'pnpm --filter <package> ${name}' would run instead: rename the script`,
      })),
  );
}
