/**
 * Output where tools expect it (issue 13, item 7): a command's result on stdout, progress and
 * diagnostics on stderr, and with `--json` the JSON alone on stdout. Each case runs the CLI
 * with the two streams captured apart, and once through a shell pipe as a user would.
 */
import { execSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, REPO, hookwright } from './helpers/cli';

/** A document that warns (no `servers`: HTTP is assumed), in a folder of its own. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookwright-streams-'));
  cpSync(path.join(REPO, 'test/fixtures/published/no-servers.yaml'), path.join(dir, 'spec.yaml'));
  return dir;
}

const RESULT = /^ {2}(created|updated|deleted|would create|would update) /m;

describe('generate', () => {
  test('a fresh project: the files and the verdict on stdout; progress, decisions, warnings and next steps on stderr', () => {
    const dir = workspace();
    const run = hookwright(['generate', 'spec.yaml', '-o', 'receiver'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}created +src\/handlers\/onInvoicePaid\.ts$/m);
    expect(run.stdout).toMatch(/^✔ receiver: 1 handler, 1 route$/m);
    expect(run.stdout).not.toMatch(/warning|^load |^perspective|Next:/m);
    expect(run.stderr).toMatch(/^load +spec\.yaml \(1 file\)/m);
    expect(run.stderr).toMatch(/^perspective receiver: /m);
    expect(run.stderr).toMatch(/^warning .*servers/m);
    expect(run.stderr).toMatch(/^Next:$/m);
    expect(run.stderr).not.toMatch(RESULT);
    expect(run.stderr).not.toMatch(/✔/);

    // | grep finds the result, as with any tool.
    const piped = execSync(
      `"${process.execPath}" "${BIN}" generate --dry-run -o receiver 2>/dev/null | grep -c unchanged || true`,
      { cwd: dir, encoding: 'utf8' },
    );
    expect(Number(piped.trim())).toBeGreaterThan(0);
  });

  test('a regeneration, --dry-run, --diff and --check: each result on stdout', () => {
    const dir = workspace();
    expect(hookwright(['generate', 'spec.yaml', '-o', 'receiver', '-q'], { cwd: dir }).status).toBe(
      0,
    );
    const project = path.join(dir, 'receiver');
    const nothing = hookwright(['generate'], { cwd: project });
    expect(nothing.status).toBe(0);
    expect(nothing.stdout).toMatch(/^✔ \. is up to date$/m);
    expect(nothing.stderr).not.toMatch(/up to date$/m);

    writeFileSync(
      path.join(dir, 'spec.yaml'),
      readFileSync(path.join(dir, 'spec.yaml'), 'utf8').replace(
        'type: integer',
        'type: integer\n              minimum: 1',
      ),
    );
    const dry = hookwright(['generate', '--dry-run', '--diff'], { cwd: project });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^ {2}would update +src\/generated\/schemas\.ts$/m);
    expect(dry.stdout).toMatch(/^\+.*minimum.*1/m); // the diff is part of the result
    expect(dry.stdout).toMatch(/^dry run: nothing written to \.$/m);
    expect(dry.stderr).not.toMatch(/would update|^\+/m);

    const check = hookwright(['generate', '--check'], { cwd: project });
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/^✖ \. is out of date: run hookwright generate$/m);
    expect(check.stderr).not.toMatch(/out of date/);

    const write = hookwright(['generate'], { cwd: project });
    expect(write.status).toBe(0);
    expect(write.stdout).toMatch(/^ {2}updated +src\/generated\/schemas\.ts$/m);
    expect(write.stdout).toMatch(/^payload changed onInvoicePaid: /m);
    expect(write.stderr).toMatch(/^warning /m);
    expect(write.stderr).not.toMatch(RESULT);
  });

  test('--json: the JSON alone on stdout, warnings inside it', () => {
    const dir = workspace();
    const run = hookwright(['--json', 'generate', 'spec.yaml', '-o', 'receiver'], { cwd: dir });
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { ok: boolean; warnings: string[] };
    expect(summary.ok).toBe(true);
    expect(summary.warnings.join('\n')).toMatch(/servers/);
    expect(run.stderr).toBe('');
  });

  test('-q: nothing at all on success; an error on stderr only', () => {
    const dir = workspace();
    const run = hookwright(['-q', 'generate', 'spec.yaml', '-o', 'receiver'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    const failed = hookwright(['-q', 'generate', 'missing.yaml', '-o', 'other'], { cwd: dir });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^error /m);
  });

  test('an error: stderr only, stdout empty (and with --json, the JSON error alone on stdout)', () => {
    const run = hookwright(['generate', 'test/fixtures/bad/invalid.yaml', '-o', '/nonexistent/x']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error /m);
    const json = hookwright([
      '--json',
      'generate',
      'test/fixtures/bad/invalid.yaml',
      '-o',
      '/nonexistent/x',
    ]);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false });
    expect(json.stderr).toBe('');
  });
});

describe('validate and the rest', () => {
  test('validate: the verdict and the route table on stdout, decisions and warnings on stderr', () => {
    const dir = workspace();
    const run = hookwright(['validate', 'spec.yaml'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^✔ spec\.yaml is a valid AsyncAPI 3\.0\.0 document/m);
    expect(run.stdout).toMatch(/^ {2}POST +\/hooks\/invoices\/paid → onInvoicePaid$/m);
    expect(run.stderr).toMatch(/^perspective /m);
    expect(run.stderr).toMatch(/^warning .*servers/m);
    expect(run.stderr).not.toMatch(/POST|valid AsyncAPI/);
  });

  test('--help and --version are results (stdout); a bad flag is a diagnostic (stderr)', () => {
    const help = hookwright(['generate', '--help']);
    expect(help.stdout).toMatch(/--watch/);
    expect(help.stdout).toMatch(/--templates <dir>/);
    expect(help.stderr).toBe('');
    const version = hookwright(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.stderr).toBe('');
    const bad = hookwright(['generate', '--wacth']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/unknown option '--wacth'/);
  });
});
