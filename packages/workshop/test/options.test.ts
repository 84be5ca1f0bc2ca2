import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../src/options.ts';

describe('parseCommandLine', () => {
  it('defaults to the local target, no prefix, asking on AWS', () => {
    expect(parseCommandLine([], {})).toEqual({
      options: { target: 'local', prefix: '', yes: false },
      positionals: [],
      help: false,
    });
  });

  it('skips the `--` that pnpm passes on from `pnpm --filter X start -- --help`', () => {
    expect(parseCommandLine(['--', '--help', 'invoke'], {})).toMatchObject({
      positionals: ['invoke'],
      help: true,
    });
  });

  it('takes the target, prefix and endpoint from the environment', () => {
    const { options } = parseCommandLine([], {
      L2L_TARGET: 'local',
      L2L_PREFIX: 'ana',
      AWS_ENDPOINT_URL: 'http://localhost:4566',
    });
    expect(options).toEqual({
      target: 'local',
      endpoint: 'http://localhost:4566',
      prefix: 'ana',
      yes: false,
    });
  });

  it('lets flags win over the environment', () => {
    const { options, positionals } = parseCommandLine(
      ['invoke', '--target', 'aws', '--prefix', 'bo', '--yes'],
      { L2L_TARGET: 'local', L2L_PREFIX: 'ana' },
    );
    expect(options).toEqual({ target: 'aws', prefix: 'bo', yes: true });
    expect(positionals).toEqual(['invoke']);
  });

  it('passes an endpoint through unchanged', () => {
    const endpoint = 'http://localhost.localstack.cloud:4566/some/path';
    expect(parseCommandLine(['--endpoint', endpoint], {}).options.endpoint).toBe(endpoint);
  });

  it.each([
    [['--target', 'azure'], "--target must be 'local' or 'aws', got 'azure'"],
    [['--endpoint', 'localhost:4566'], "the endpoint must be an http(s) URL, got 'localhost:4566'"],
    [['--prefix', 'has space'], "--prefix takes up to 20 letters, digits or '-', got 'has space'"],
    [['--colour'], "unknown option '--colour'"],
    [['--prefix', ''], '--prefix needs a name, e.g. --prefix ana'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv, {})).toThrow(UsageError);
    expect(() => parseCommandLine(argv, {})).toThrow(message);
  });

  it('takes --trace FILE.html (or --trace=FILE.htm) as the file to write the run to', () => {
    expect(parseCommandLine(['--trace', 'run.html'], {}).traceFile).toBe('run.html');
    expect(parseCommandLine(['--trace=out/Run.HTM'], {}).traceFile).toBe('out/Run.HTM');
    expect(parseCommandLine([], {})).not.toHaveProperty('traceFile');
  });

  it.each([
    [['--trace', 'run.txt'], "--trace takes a file name ending in .html, got 'run.txt'"],
    [['--trace'], "Option '--trace <value>' argument missing"],
    [
      ['--trace', 'run.html', '--target', 'aws'],
      '--trace records what the local cloud sees: it has nothing to read on AWS',
    ],
  ])('refuses --trace in %j', (argv, message) => {
    expect(() => parseCommandLine(argv, {})).toThrow(message);
  });

  it('refuses --trace on AWS chosen by the environment too', () => {
    expect(() => parseCommandLine(['--trace', 'run.html'], { L2L_TARGET: 'aws' })).toThrow(
      '--trace records what the local cloud sees',
    );
  });

  it('refuses an endpoint with --target aws, which would send AWS requests elsewhere', () => {
    expect(() =>
      parseCommandLine(['--target', 'aws'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }),
    ).toThrow(
      '--target aws talks to AWS itself, but an endpoint is set (AWS_ENDPOINT_URL=http://127.0.0.1:4566)',
    );
  });
});
