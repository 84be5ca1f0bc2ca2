/** The checks fail when a page is made wrong: broken copies, in memory, fed to each checker. */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkCodeBlocks, sourceOf, writeCodeBlocks } from '../src/code-blocks.ts';
import { checkCommands } from '../src/commands.ts';
import { checkLinks } from '../src/links.ts';
import { checkOutputs } from '../src/outputs.ts';
import { headingAnchors, type Page, ROOT, readPages } from '../src/pages.ts';
import { checkScriptNames } from '../src/script-names.ts';
import { readWorkspace } from '../src/workspace.ts';

const page = (path: string, ...lines: string[]): Page => ({ path, text: `${lines.join('\n')}\n` });
const fence = (text: string) => ['```ts', text.replace(/\n$/, ''), '```'];

describe('code blocks', () => {
  const file = 'packages/sync-invoke/src/invoke-sync.ts';

  it('pass when the block is the source, and fail with a diff when it is not', async () => {
    const source = await readFile(`${ROOT}/${file}`, 'utf8');
    const right = page('docs/x.md', '# X', `<!-- code: ${file} -->`, ...fence(source));
    expect(await checkCodeBlocks(right)).toEqual([]);

    const wrong = { ...right, text: right.text.replace("name: 'Luna'", "name: 'Lune'") };
    const [problem, ...more] = await checkCodeBlocks(wrong);
    expect(more).toEqual([]);
    expect(problem?.line).toBe(2);
    expect(problem?.message).toContain(`differs from ${file}`);
    expect(problem?.message).toMatch(/^- .*name: 'Luna'/m);
    expect(problem?.message).toMatch(/^\+ .*name: 'Lune'/m);

    expect(await writeCodeBlocks(wrong)).toBe(right.text);
  });

  it('fail when the file or the region does not exist, or no block follows the marker', async () => {
    const problems = await checkCodeBlocks(
      page(
        'docs/x.md',
        '<!-- code: packages/nope.ts -->',
        ...fence('x'),
        `<!-- code: ${file}#nope -->`,
        ...fence('x'),
        `<!-- code: ${file} -->`,
        'text, no block',
      ),
    );
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'code marker: no file packages/nope.ts'],
      [5, `code marker: no region 'nope' in ${file} (// #region nope ... // #endregion)`],
      [9, 'the code marker must be followed by a fenced code block on the next line'],
    ]);
  });

  it('take a region without its markers, dedented, and leave region markers out of whole files', async () => {
    const root = await mkdtemp(`${tmpdir()}/docs-`);
    await writeFile(
      `${root}/a.ts`,
      [
        'const a = 1;',
        '  // #region b',
        '  if (a) {',
        '    go();',
        '  }',
        '  // #endregion',
        '',
      ].join('\n'),
    );
    expect(await sourceOf('a.ts#b', root)).toBe('if (a) {\n  go();\n}\n');
    expect(await sourceOf('a.ts', root)).toBe('const a = 1;\n  if (a) {\n    go();\n  }\n');
  });
});

describe('output blocks', () => {
  it('pass when they show a real run and fail, with a diff, where they do not', async () => {
    const problems = await checkOutputs(
      page(
        'docs/x.md',
        '<!-- output: @l2l/echo-callee deploy-callee -->',
        '```',
        '── 1.1 Deploy the echo callee as echoTest ──',
        'Deployed arn:aws:lambda:us-east-1:000000000000:function:echoTest (nodejs22.x, index.handler)',
        '```',
        '<!-- output: @l2l/sync-invoke invoke -->',
        '```',
        '── 2.1 Invoke echoTest synchronously ──',
        `{ StatusCode: 202, Payload: '{"id":"1","name":"Luna"}' }`,
        '```',
        '<!-- output: @l2l/echo-callee start -->',
        '```',
        'Step 1.1 — the echo callee, run on this machine',
        '```',
      ),
    );
    expect(problems.map((p) => p.line)).toEqual([6, 11]);
    expect(problems[0]?.message).toContain('differs from a real run of @l2l/sync-invoke invoke');
    expect(problems[0]?.message).toContain(
      `- { StatusCode: 200, Payload: '{"id":"1","name":"Luna"}' }\n+ { StatusCode: 202,`,
    );
    expect(problems[1]?.message).toMatch(/^- event:$/m);
  });

  it('compare with request ids and times masked on both sides', async () => {
    // A workspace whose one script prints a fresh request id and time at every run.
    const root = await mkdtemp(`${tmpdir()}/docs-`);
    await mkdir(`${root}/packages/clock`, { recursive: true });
    await writeFile(`${root}/package.json`, '{}');
    const print =
      "console.log('START RequestId: ' + crypto.randomUUID() + ' at ' + new Date().toISOString())";
    await writeFile(
      `${root}/packages/clock/package.json`,
      JSON.stringify({ name: 'clock', scripts: { start: `node -e "${print}"` } }),
    );
    const shown = (line: string) =>
      page('docs/x.md', '<!-- output: clock start -->', '```', line, '```');
    const sample =
      'START RequestId: 094d4d3e-0c1f-11e7-93f2-0123456789ab at 2017-03-19T02:52:05.890Z';
    expect(await checkOutputs(shown(sample), root)).toEqual([]);
    const [problem] = await checkOutputs(shown(sample.replace('START', 'END')), root);
    expect(problem?.message).toContain(
      '- START RequestId: <uuid> at <time>\n+ END RequestId: <uuid> at <time>',
    );
  });
});

describe('links', () => {
  it('fail when a file or a heading they lead to does not exist', async () => {
    const problems = await checkLinks(
      page(
        'docs/x.md',
        '# A page',
        '## Its second heading',
        '[fine](README.md), [fine](../README.md#lambda-to-lambda), [fine](#its-second-heading)',
        '[web](https://aws.amazon.com/lambda/) and `[in code](nope.md)`',
        '[missing](nope.md)',
        '[missing anchor](../README.md#nope) and [here](#nope)',
        '```md',
        '[in a code block](nope.md)',
        '```',
        '[out](../../outside.md)',
      ),
    );
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [5, 'the link nope.md leads to docs/nope.md, which does not exist'],
      [6, 'no heading for the anchor #nope in README.md'],
      [6, 'no heading for the anchor #nope in this page'],
      [10, 'the link ../../outside.md leads out of the repository'],
    ]);
  });

  it('make anchors as GitHub does', () => {
    expect(
      headingAnchors(
        '# What changed since 2017\n## `InvokeAsync` and 1 ms billing\n## Exercises\n## Exercises\n',
      ),
    ).toEqual(
      new Set([
        'what-changed-since-2017',
        'invokeasync-and-1-ms-billing',
        'exercises',
        'exercises-1',
      ]),
    );
  });
});

describe('commands', () => {
  it('fail on a package, a script or a root script that does not exist, and on a missing run', async () => {
    const problems = checkCommands(
      page(
        'docs/x.md',
        'pnpm runs scripts; this prose is not a command.',
        '```sh',
        'pnpm --filter @l2l/sync-invoke start',
        'npx -y pnpm@12.21.0 --filter @l2l/echo-callee run deploy-callee --target aws',
        'pnpm --filter @l2l/nope start',
        'pnpm --filter @l2l/sync-invoke run nope',
        'pnpm --filter @l2l/echo-callee deploy-callee',
        'pnpm --filter @l2l/sync-invoke run <script>',
        '```',
        'Then `pnpm local-cloud`, `pnpm install`, `pnpm nope` and `pnpm --filter @l2l/echo-callee test`.',
      ),
      await readWorkspace(),
    );
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [5, 'pnpm --filter @l2l/nope start: no package named @l2l/nope in packages/'],
      [6, "pnpm --filter @l2l/sync-invoke run nope: @l2l/sync-invoke has no script 'nope'"],
      [
        7,
        "pnpm --filter @l2l/echo-callee deploy-callee: write 'pnpm --filter @l2l/echo-callee run deploy-callee': without 'run', pnpm may run a command of its own",
      ],
      [10, "pnpm nope: the root package.json has no script 'nope'"],
    ]);
  });
});

describe('script names', () => {
  it('fail on a script named like a pnpm command, but not on start and test', async () => {
    const root = await mkdtemp(`${tmpdir()}/docs-`);
    await mkdir(`${root}/packages/route`, { recursive: true });
    await writeFile(
      `${root}/package.json`,
      JSON.stringify({ scripts: { deploy: 'x', lint: 'x' } }),
    );
    await writeFile(
      `${root}/packages/route/package.json`,
      JSON.stringify({
        name: 'route',
        scripts: { start: 'x', test: 'x', setup: 'x', 'set-up': 'x', dlx: 'x', publish: 'x' },
      }),
    );
    const problems = checkScriptNames(await readWorkspace(root));
    expect(problems.map((p) => [p.path, p.message.split(' is ')[0]])).toEqual([
      ['package.json', "the script 'deploy'"],
      ['packages/route/package.json', "the script 'setup'"],
      ['packages/route/package.json', "the script 'dlx'"],
      ['packages/route/package.json', "the script 'publish'"],
    ]);
  });
});

describe('a real page made wrong', () => {
  it('fails on its code block, its output block and its link', async () => {
    const page = (await readPages()).find((p) => p.path === 'docs/02-sync-invoke.md');
    if (!page) throw new Error('docs/02-sync-invoke.md is missing');
    const broken = {
      ...page,
      text: page.text
        .replace("name: 'Luna'", "name: 'Lune'")
        .replace("StatusCode: 200, Payload: '{", "StatusCode: 202, Payload: '{")
        .replace('(03-async-invoke.md)', '(03-async.md)'),
    };
    expect(await checkCodeBlocks(page)).toEqual([]);
    expect(await checkOutputs(page)).toEqual([]);
    expect(await checkLinks(page)).toEqual([]);
    expect((await checkCodeBlocks(broken)).map((p) => p.message)).toEqual([
      expect.stringContaining(
        'the code block differs from packages/sync-invoke/src/invoke-sync.ts',
      ),
    ]);
    expect((await checkOutputs(broken)).map((p) => p.message)).toEqual([
      expect.stringContaining(
        'the output block differs from a real run of @l2l/sync-invoke invoke',
      ),
    ]);
    expect((await checkLinks(broken)).map((p) => p.message)).toEqual([
      'the link 03-async.md leads to docs/03-async.md, which does not exist',
    ]);
  });
});
