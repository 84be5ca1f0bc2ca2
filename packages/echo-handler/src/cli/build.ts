/** `pnpm --filter @l2l/echo-handler build`: writes dist/<handler>.zip for each handler. */
import { mkdir, writeFile } from 'node:fs/promises';
import { buildHandlerZip, HANDLER, handlerNames, RUNTIME } from '../build.ts';

const USAGE = `Usage: pnpm --filter @l2l/echo-handler run build

Bundles each handler (${handlerNames.join(', ')}) with esbuild and writes its deployment
package to dist/<handler>.zip. The chapters build the zips themselves; this is to look at them.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
} else if (args.length > 0) {
  console.error(`Usage: build takes no arguments, got '${args[0]}'\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  const distDir = new URL('../../dist/', import.meta.url);
  await mkdir(distDir, { recursive: true });
  console.log(`Handler ${HANDLER}, Runtime ${RUNTIME}`);
  for (const name of handlerNames) {
    const zip = await buildHandlerZip(name);
    await writeFile(new URL(`${name}.zip`, distDir), zip);
    console.log(`dist/${name}.zip  ${zip.byteLength} bytes`);
  }
}
