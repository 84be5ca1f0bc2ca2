/** The workspace's packages and their scripts, read from each package.json. */
import { readdir, readFile } from 'node:fs/promises';
import { ROOT } from './pages.ts';

export interface WorkspacePackage {
  readonly dir: string;
  /** Its package.json, relative to the repository's root, e.g. `packages/cost/package.json`. */
  readonly manifest: string;
  readonly scripts: Readonly<Record<string, string>>;
}

export interface Workspace {
  /** By package name, e.g. `@l2l/sync-invoke`. */
  readonly packages: ReadonlyMap<string, WorkspacePackage>;
  /** The root package.json's scripts (`pnpm start`, `pnpm cleanup`, ...). */
  readonly rootScripts: Readonly<Record<string, string>>;
}

async function readPackage(root: string, relativeDir: string) {
  const dir = relativeDir ? `${root}/${relativeDir}` : root;
  const manifest = relativeDir ? `${relativeDir}/package.json` : 'package.json';
  const json = JSON.parse(await readFile(`${root}/${manifest}`, 'utf8'));
  return {
    name: json.name as string,
    dir,
    manifest,
    scripts: (json.scripts ?? {}) as Record<string, string>,
  };
}

export async function readWorkspace(root = ROOT): Promise<Workspace> {
  const dirs = await readdir(`${root}/packages`);
  const packages = await Promise.all(dirs.map((dir) => readPackage(root, `packages/${dir}`)));
  return {
    packages: new Map(packages.map(({ name, ...rest }) => [name, rest])),
    rootScripts: (await readPackage(root, '')).scripts,
  };
}
