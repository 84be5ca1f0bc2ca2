/** `pnpm --filter @l2l/echo-handler build`: writes dist/<handler>.zip for each handler. */
import { mkdir, writeFile } from 'node:fs/promises';
import { buildHandlerZip, HANDLER, handlerNames, RUNTIME } from '../build.ts';

const distDir = new URL('../../dist/', import.meta.url);
await mkdir(distDir, { recursive: true });

console.log(`Handler ${HANDLER}, Runtime ${RUNTIME}`);
for (const name of handlerNames) {
  const zip = await buildHandlerZip(name);
  await writeFile(new URL(`${name}.zip`, distDir), zip);
  console.log(`dist/${name}.zip  ${zip.byteLength} bytes`);
}
