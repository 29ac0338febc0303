import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hookwright, REPO } from './helpers/cli';

const bad = (name: string) => path.join('test', 'fixtures', 'bad', name);

describe('hookwright CLI: bad input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['missing file', bad('nope.yaml'), /cannot read .*nope\.yaml: no such file/],
    ['empty file', bad('empty.yaml'), /empty\.yaml is empty/],
    [
      'YAML syntax error',
      bad('syntax.yaml'),
      /syntax\.yaml:4:2: Bad indentation of a mapping entry/,
    ],
    ['JSON syntax error', bad('syntax.json'), /syntax\.json:2:1: /],
    ['not AsyncAPI', bad('not-asyncapi.yaml'), /This is not an AsyncAPI document/],
    ['unsupported version', bad('unknown-version.yaml'), /Version "9\.9\.9" is not supported/],
    [
      'invalid document',
      bad('invalid.yaml'),
      /invalid\.yaml:11:17: "type" property must be equal to one of the allowed values.* at channels\["\/hooks"\]\.publish\.message\.payload\.type/,
    ],
    [
      'unresolvable $ref',
      bad('missing-ref.yaml'),
      /missing-ref\.yaml:11:17: \$ref points to a file that does not exist: .*missing\.yaml/,
    ],
    [
      'broken $ref in another file',
      bad('ref-in-other-file.yaml'),
      /refs\/messages\.yaml:4:11: \$ref points to a file that does not exist: .*nowhere\.yaml at Event\.payload\.\$ref/,
    ],
  ];

  test.each(cases)(
    '%s: exit 1, says what and where, no stack, nothing written',
    (_name, spec, message) => {
      const parent = mkdtempSync(path.join(tmpdir(), 'hookwright-cli-'));
      const out = path.join(parent, 'receiver');
      const run = hookwright(['generate', spec, '-o', out]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(parent)).toEqual([]);
    },
  );

  test('validate reports the same errors and exits 1', () => {
    const run = hookwright(['validate', bad('invalid.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/invalid\.yaml:11:17/);
  });

  test('--debug adds the stack trace', () => {
    const run = hookwright(['--debug', 'validate', bad('empty.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/HookwrightError: .*empty\.yaml is empty\n\s+at /);
  });

  test('--json prints the error as JSON on stdout', () => {
    const run = hookwright(['--json', 'validate', bad('invalid.yaml')]);
    expect(run.status).toBe(1);
    const parsed = JSON.parse(run.stdout) as {
      ok: boolean;
      problems: Array<{ where: { line: number } }>;
    };
    expect(parsed.ok).toBe(false);
    expect(parsed.problems[0].where.line).toBe(11);
  });

  test('an unknown flag fails with a hint', () => {
    const run = hookwright(['generate', 'spec/sinch-conversation-webhooks.yaml', '--outptu', 'x']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown option '--outptu'/);
    expect(run.stderr).toMatch(/--output/);
  });

  test('generate with no document outside a project says how to call it', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'hookwright-cli-'));
    const run = hookwright(['generate'], { cwd: empty });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no AsyncAPI document given/);
  });
});

describe('hookwright CLI: basics', () => {
  test('--version prints the package version', () => {
    const run = hookwright(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      (require(path.join(REPO, 'package.json')) as { version: string }).version,
    );
  });

  test('--help shows commands and examples', () => {
    const run = hookwright(['generate', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Examples:/);
    expect(run.stdout).toMatch(/--dry-run/);
    expect(run.stdout).toMatch(/--check/);
  });

  test('validate on the Sinch spec lists its 14 routes', () => {
    const run = hookwright(['validate', 'spec/sinch-conversation-webhooks.yaml']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/valid AsyncAPI 2\.6\.0 document/);
    expect(run.stderr.match(/POST +\/conversation\//g)).toHaveLength(14);
  });
});
