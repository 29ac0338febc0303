/**
 * A generated project as a user runs it: every handler stub edited (as a user would) to log
 * its own identity, built with the project's own `npm run build`, started with `node
 * dist/src/server.js` on a free port, and talked to over real HTTP.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emitBuild } from './project';

export interface Running {
  url: string;
  /** Every log line so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  stop(): void;
}

/**
 * Makes each handler in `src/handlers/` log `{ handlerFile, messageName }` with the message
 * 'handler ran' first thing: which handler ran is then read from the handler itself, not
 * from the router's own account of it.
 */
export function markHandlers(project: string): string[] {
  const dir = path.join(project, 'src', 'handlers');
  const names: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const name = file.replace(/\.ts$/, '');
    const full = path.join(dir, file);
    const source = readFileSync(full, 'utf8');
    const marked = source.replace(
      /(const handler: \w+ = async \(\s*payload,\s*context,?\s*\) => \{\n)/,
      `$1  context.log.info({ handlerFile: '${name}', messageName: context.messageName }, 'handler ran');\n`,
    );
    if (marked === source) throw new Error(`cannot mark ${file}: the stub has another shape`);
    writeFileSync(full, marked);
    names.push(name);
  }
  return names.sort();
}

/**
 * Builds the project and starts it. `typesCheckedByOwnTests`: the test file runs the project's own
 * `npm test` (`ownTests`, which type-checks it) on these same files, so the build only emits
 * (`emitBuild`); otherwise the build is the project's `npm run build` as it is, which checks them.
 */
export async function startBuilt(
  project: string,
  env: NodeJS.ProcessEnv,
  { typesCheckedByOwnTests = false } = {},
): Promise<Running> {
  if (typesCheckedByOwnTests) emitBuild(project);
  else execFileSync('npm', ['run', 'build'], { cwd: project, stdio: 'pipe', timeout: 300_000 });
  const server: ChildProcess = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: project,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start: ${chunks.join('')}`)),
      30_000,
    );
    server.stdout?.on('data', () => {
      const match = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(chunks.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    url,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => void server.kill('SIGTERM'),
  };
}

/** Log lines of one request, by the request id the receiver echoes in its logs. */
export function linesOf(running: Running, requestId: string): Array<Record<string, unknown>> {
  return running.lines().filter((line) => line.requestId === requestId);
}

/** Waits until the request's 'webhook handled' line is written. */
export async function handled(
  running: Running,
  requestId: string,
): Promise<Array<Record<string, unknown>>> {
  for (let i = 0; i < 100; i++) {
    const lines = linesOf(running, requestId);
    if (lines.some((line) => line.msg === 'webhook handled')) return lines;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no 'webhook handled' line for request ${requestId}`);
}
