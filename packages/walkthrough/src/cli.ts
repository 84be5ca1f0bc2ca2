/** `pnpm start` and `pnpm cleanup` at the root (see walkthrough-cli.ts). */
import { runWalkthroughCli } from './walkthrough-cli.ts';

await runWalkthroughCli(process.argv.slice(2));
