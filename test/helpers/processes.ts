/** Long-running processes of a generated project (receivers, workers), with their logs. */
import { ChildProcess, spawn } from 'node:child_process';

export interface Running {
  readonly child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  logs(): string;
  /** Resolves with the first match of `pattern` in the logs, waiting up to `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const started: Running[] = [];

export function startProcess(cwd: string, script: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const running: Running = {
    child,
    logs: () => output,
    waitForLog: async (pattern, timeoutMs = 20_000) => {
      const match = await waitFor(() => pattern.exec(output) ?? undefined, timeoutMs);
      if (match === undefined) {
        throw new Error(`no ${pattern} in the logs of ${script} after ${timeoutMs} ms:\n${output}`);
      }
      return match;
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  started.push(running);
  return running;
}

/** Kills every process started here that is still running (for afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
}

/** Polls `probe` every 50 ms until it returns a value, or undefined after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}
