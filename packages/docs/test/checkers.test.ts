/** The checks fail when a page is made wrong: broken copies, in memory, fed to each checker. */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCodeBlocks, sourceOf, writeCodeBlocks } from '../src/code-blocks.ts';
import { checkCommands } from '../src/commands.ts';
import { checkLinks } from '../src/links.ts';
import { checkOutputs, fitPlaceholders, writeSequences } from '../src/outputs.ts';
import { headingAnchors, type Page } from '../src/pages.ts';
import { checkPaths } from '../src/paths.ts';
import { checkScriptNames } from '../src/script-names.ts';
import { readWorkspace } from '../src/workspace.ts';

const page = (path: string, ...lines: string[]): Page => ({ path, text: `${lines.join('\n')}\n` });
const fence = (text: string) => ['```ts', text.replace(/\n$/, ''), '```'];

/**
 * A repository of its own for the checks to read, so that no test depends on a file the docs
 * ask the learner to edit: a source file, a package with a script, and the files given.
 */
async function fixtureRoot(files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(`${tmpdir()}/docs-`);
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ scripts: { cleanup: 'x' } }),
    'packages/greeting/src/greet.ts': "export const greeting = { id: '1', name: 'Luna' };\n",
    'packages/greeting/package.json': JSON.stringify({
      name: 'greeting',
      scripts: { start: `node -e "console.log('Hello, Luna')"` },
    }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(`${root}/${path}`), { recursive: true });
    await writeFile(`${root}/${path}`, text);
  }
  return root;
}

describe('code blocks', () => {
  const file = 'packages/greeting/src/greet.ts';

  it('pass when the block is the source, and fail with a diff when it is not', async () => {
    const root = await fixtureRoot();
    const source = await readFile(`${root}/${file}`, 'utf8');
    const right = page('docs/x.md', '# X', `<!-- code: ${file} -->`, ...fence(source));
    expect(await checkCodeBlocks(right, root)).toEqual([]);

    const wrong = { ...right, text: right.text.replace("name: 'Luna'", "name: 'Lune'") };
    const [problem, ...more] = await checkCodeBlocks(wrong, root);
    expect(more).toEqual([]);
    expect(problem?.line).toBe(2);
    expect(problem?.message).toContain(`differs from ${file}`);
    expect(problem?.message).toMatch(/^- .*name: 'Luna'/m);
    expect(problem?.message).toMatch(/^\+ .*name: 'Lune'/m);

    expect(await writeCodeBlocks(wrong, root)).toBe(right.text);
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
      await fixtureRoot(),
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
    // A chapter's step runs in-process (echo-callee's deploy, which no exercise edits), a
    // script as pnpm runs it.
    const problems = await checkOutputs(
      page(
        'docs/x.md',
        '<!-- output: @l2l/echo-callee deploy-callee -->',
        '```',
        '── 1.1 Deploy the echo callee as echoTest ──',
        'Deployed arn:aws:lambda:us-east-1:000000000000:function:echoTest (nodejs24.x, index.handler)',
        '```',
        '<!-- output: @l2l/echo-callee deploy-callee -->',
        '```',
        '── 1.1 Deploy the echo callee as echoTest ──',
        'Deployed arn:aws:lambda:us-east-1:000000000000:function:echoTest (nodejs22.x, index.handler)',
        '```',
        '<!-- output: greeting start -->',
        '```',
        'Hello, Lune',
        '```',
      ),
      await fixtureRoot(),
    );
    expect(problems.map((p) => p.line)).toEqual([6, 11]);
    expect(problems[0]?.message).toContain(
      'differs from a real run of @l2l/echo-callee deploy-callee',
    );
    expect(problems[0]?.message).toContain(
      '- Deployed arn:aws:lambda:us-east-1:000000000000:function:echoTest (nodejs24.x, index.handler)\n+ Deployed arn:aws:lambda:us-east-1:000000000000:function:echoTest (nodejs22.x,',
    );
    expect(problems[1]?.message).toContain('- Hello, Luna\n+ Hello, Lune');
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

describe('sequence diagrams', () => {
  // Chapter 2's one step (it deploys echoTest when it is missing, then invokes it), as the
  // local cloud records it; its deploy's calls run no function and are not drawn.
  const invoke = [
    'sequenceDiagram',
    '  participant p0 as You',
    '  participant p1 as Lambda',
    '  participant p2 as echoTest',
    '  p0->>p1: Invoke echoTest',
    '  p1->>p2: run (sync)',
    '  p2-->>p1: ok',
    '  p1-->>p0: 200',
  ];
  const drawn = (...lines: string[]) =>
    page('docs/x.md', '<!-- sequence: @l2l/sync-invoke invoke -->', '```mermaid', ...lines, '```');

  it('pass when they draw the calls of a real run, and fail with a diff where they do not', async () => {
    const root = await fixtureRoot();
    expect(await checkOutputs(drawn(...invoke), root)).toEqual([]);

    const wrong = drawn(...invoke.map((line) => line.replace('run (sync)', 'run (Event)')));
    const [problem, ...more] = await checkOutputs(wrong, root);
    expect(more).toEqual([]);
    expect(problem?.line).toBe(1);
    expect(problem?.message).toContain(
      'the sequence diagram differs from a real run of @l2l/sync-invoke invoke',
    );
    expect(problem?.message).toMatch(/^- {3}p1->>p2: run \(sync\)$/m);
    expect(problem?.message).toMatch(/^\+ {3}p1->>p2: run \(Event\)$/m);

    expect(await writeSequences(wrong, root)).toBe(drawn(...invoke).text);
  });

  it('fail on a marker that names no step, or a step that runs no function', async () => {
    const problems = await checkOutputs(
      page(
        'docs/x.md',
        '<!-- sequence: greeting start -->',
        '```mermaid',
        'sequenceDiagram',
        '```',
        '<!-- sequence: @l2l/echo-callee deploy-callee -->',
        '```mermaid',
        'sequenceDiagram',
        '```',
      ),
      await fixtureRoot(),
    );
    expect(problems.map((p) => [p.line, p.message.split('\n')[0]])).toEqual([
      [1, 'the sequence diagram differs from a real run of greeting start (run pnpm docs:write):'],
      [
        5,
        'no call that @l2l/echo-callee deploy-callee made ran a function: there is nothing to draw',
      ],
    ]);
    expect(problems[0]?.message).toContain("greeting start is not a chapter's step");
  });

  it('may be drawn by hand only on a page that runs no chapter', async () => {
    const root = await fixtureRoot();
    const byHand = ['```mermaid', 'sequenceDiagram', '  You->>Lambda: Invoke', '```'];
    const withScript = page(
      'docs/x.md',
      ...byHand,
      '<!-- output: greeting start -->',
      '```',
      'Hello, Luna',
      '```',
    );
    expect(await checkOutputs(withScript, root)).toEqual([]);

    const withChapter = page('docs/x.md', ...byHand, ...drawn(...invoke).text.split('\n'));
    expect((await checkOutputs(withChapter, root)).map((p) => [p.line, p.message])).toEqual([
      [
        1,
        'this page runs a chapter on the local cloud: draw its sequence diagram from the run, under a <!-- sequence: PACKAGE STEP --> marker (pnpm docs:write writes it)',
      ],
    ]);
  });
});

describe('a measured figure, written <n> in the page', () => {
  const docs = ['  caller   <n> ms + <n> ms waiting   <n> ms', '  total   $<n>', 'Hello'].join(
    '\n',
  );
  it('takes any number there, and any alignment around it', () => {
    const real = ['  caller   8 ms + 105 ms waiting     113 ms', '  total     $0.8542', 'Hello'];
    expect(fitPlaceholders(real.join('\n'), docs)).toBe(docs);
    // A duration that maskOutput masked already.
    expect(fitPlaceholders('  total   $<n>', '  total   $<n>')).toBe('  total   $<n>');
  });

  it('keeps a line that differs elsewhere, or has no number there', () => {
    const real = ['  callee   8 ms + 105 ms waiting   113 ms', '  total   $free', 'Hello!'].join(
      '\n',
    );
    expect(fitPlaceholders(real, docs)).toBe(real);
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

describe('paths', () => {
  it('fail when a path in backticks does not exist in the repository', async () => {
    const problems = await checkPaths(
      page(
        'docs/x.md',
        'See `packages/greeting/src/greet.ts`, `packages/greeting/`, `docs/` and `package.json`.',
        'But `packages/greeting/src/callee-log.ts` is not there, nor `docs/nope.md#a-region`.',
        'Not paths of the repository: `src/nope.ts`, `/aws/lambda/echoTest`, `a/b`, `@l2l/x`.',
        '```sh',
        'cat packages/in-a-block/is-a-command.ts',
        '```',
      ),
      await fixtureRoot({ 'docs/a.md': '# A\n' }),
    );
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'the path packages/greeting/src/callee-log.ts does not exist'],
      [2, 'the path docs/nope.md does not exist'],
    ]);
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

describe('a page made wrong', () => {
  it('fails on its code block, its output block and its link, and only there', async () => {
    const root = await fixtureRoot({ 'docs/next.md': '# Next\n' });
    const source = await readFile(`${root}/packages/greeting/src/greet.ts`, 'utf8');
    const right = page(
      'docs/x.md',
      '# X',
      '<!-- code: packages/greeting/src/greet.ts -->',
      ...fence(source),
      '<!-- output: greeting start -->',
      '```',
      'Hello, Luna',
      '```',
      'Next: [the next page](next.md).',
    );
    const broken = {
      ...right,
      text: right.text
        .replace("name: 'Luna'", "name: 'Lune'")
        .replace('Hello, Luna', 'Hello, Lune')
        .replace('(next.md)', '(nxet.md)'),
    };
    expect(await checkCodeBlocks(right, root)).toEqual([]);
    expect(await checkOutputs(right, root)).toEqual([]);
    expect(await checkLinks(right, root)).toEqual([]);
    expect((await checkCodeBlocks(broken, root)).map((p) => p.message)).toEqual([
      expect.stringContaining('the code block differs from packages/greeting/src/greet.ts'),
    ]);
    expect((await checkOutputs(broken, root)).map((p) => p.message)).toEqual([
      expect.stringContaining('the output block differs from a real run of greeting start'),
    ]);
    expect((await checkLinks(broken, root)).map((p) => p.message)).toEqual([
      'the link nxet.md leads to docs/nxet.md, which does not exist',
    ]);
  });
});
