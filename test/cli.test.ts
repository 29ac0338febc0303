import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, hookwright, REPO } from './helpers/cli';

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
      (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string })
        .version,
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
    // The result on stdout (so that `| grep POST` finds the routes); nothing of it on stderr.
    expect(run.stdout).toMatch(/valid AsyncAPI 2\.6\.0 document/);
    expect(run.stdout.match(/POST +\/conversation\//g)).toHaveLength(14);
    expect(run.stderr).not.toMatch(/POST|valid AsyncAPI/);
  });

  test('validate | grep POST finds the routes', () => {
    const lines = execSync(
      `"${process.execPath}" bin/hookwright.js validate spec/sinch-conversation-webhooks.yaml 2>/dev/null | grep POST`,
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(lines.trim().split('\n')).toHaveLength(14);
  });
});

describe('hookwright CLI: --json and colours', () => {
  test('generate --json prints one JSON summary on stdout and nothing on stderr', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'hookwright-cli-')), 'receiver');
    const run = hookwright([
      '--json',
      'generate',
      'spec/sinch-conversation-webhooks.yaml',
      '-o',
      out,
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout) as {
      ok: boolean;
      mode: string;
      outDir: string;
      operations: Array<{ id: string; address: string; method: string; route: boolean }>;
      files: Array<{ path: string; action: string; ownership: string }>;
      warnings: string[];
      timingsMs: Record<string, number>;
    };
    expect(summary).toMatchObject({ ok: true, mode: 'write', outDir: out, warnings: [] });
    expect(summary.operations).toHaveLength(14);
    expect(summary.operations[0]).toEqual(
      expect.objectContaining({
        id: 'receiveInboundMessage',
        address: '/conversation/message-inbound',
        method: 'POST',
        route: true,
      }),
    );
    expect(summary.files.every((f) => f.action === 'create')).toBe(true);
    expect(summary.files).toEqual(
      expect.arrayContaining([
        { path: 'src/handlers/receiveOptIn.ts', action: 'create', ownership: 'scaffolded' },
        { path: 'src/generated/operations.ts', action: 'create', ownership: 'generated' },
      ]),
    );
    for (const file of summary.files) expect(existsSync(path.join(out, file.path))).toBe(true);
    expect(Object.keys(summary.timingsMs)).toEqual(expect.arrayContaining(['load', 'plan']));

    // --check --json on the fresh project: up to date, exit 0; after an edit: exit 1, ok false.
    const check = hookwright(['--json', 'generate', '--check', '-o', out]);
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, mode: 'check', upToDate: true });
    writeFileSync(path.join(out, 'src/generated/operations.ts'), '// edited\n');
    const drift = hookwright(['--json', 'generate', '--check', '-o', out]);
    expect(drift.status).toBe(1);
    expect(JSON.parse(drift.stdout)).toMatchObject({ ok: false, mode: 'check', upToDate: false });
  });

  /** Runs the CLI on a pseudo-terminal (util-linux `script`); returns what the terminal shows. */
  function onTerminal(args: string[], env: NodeJS.ProcessEnv = {}): string {
    const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
    const command = [process.execPath, BIN, ...args].map(quote).join(' ');
    const base = { ...process.env };
    delete base.NO_COLOR;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: REPO,
      env: { ...base, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(0);
    return result.stdout;
  }

  const SPEC = 'spec/sinch-conversation-webhooks.yaml';
  const ESCAPE = '\u001b[';

  test('colours on a terminal', () => {
    const shown = onTerminal(['validate', SPEC]);
    expect(shown).toContain(`${ESCAPE}32m✔${ESCAPE}39m`);
    expect(shown).toMatch(/is a valid AsyncAPI 2\.6\.0 document/);
  });

  test('no colours on a terminal with NO_COLOR set, or with --no-color', () => {
    for (const shown of [
      onTerminal(['validate', SPEC], { NO_COLOR: '1' }),
      onTerminal(['--no-color', 'validate', SPEC]),
    ]) {
      expect(shown).toMatch(/is a valid AsyncAPI 2\.6\.0 document/);
      expect(shown).not.toContain(ESCAPE);
    }
  });

  test('no colours when the output is not a terminal', () => {
    const env = { ...process.env };
    delete env.NO_COLOR;
    const run = spawnSync(process.execPath, [BIN, 'validate', SPEC], {
      cwd: REPO,
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/is a valid AsyncAPI 2\.6\.0 document/);
    expect(run.stdout + run.stderr).not.toContain(ESCAPE);
  });
});
