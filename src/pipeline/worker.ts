/**
 * The one protocol of hookwright's worker threads: a request goes in; events (progress)
 * and then one reply come out. An error crosses the thread as what it was: a
 * `HookwrightError` (a user mistake, with its problems and hint) stays one, anything else
 * stays a plain `Error` (a bug), with its stack.
 */
import { existsSync } from 'node:fs';
import { Worker, parentPort } from 'node:worker_threads';
import { HookwrightError, type Problem } from './errors';

type Reply<Result, Event> =
  | { kind: 'event'; event: Event }
  | { kind: 'done'; result: Result }
  | { kind: 'failed'; error: SerialisedError };

interface SerialisedError {
  hookwright: boolean;
  message: string;
  stack?: string;
  problems?: Problem[];
  hint?: string;
}

export interface WorkerHandle<Request, Result, Event> {
  /** Sends one request; calls wait for each other, one at a time. */
  call(request: Request, onEvent?: (event: Event) => void): Promise<Result>;
  /** Stops the thread (a call still running is rejected). */
  close(): void;
}

/**
 * Starts the worker thread compiled to `file` (it calls `serve`), or returns undefined
 * where there is no such file (running from TypeScript sources, as in tests): the caller
 * then does the work in its own thread. The thread does not keep the process alive.
 */
export function startWorker<Request, Result, Event = never>(
  file: string,
): WorkerHandle<Request, Result, Event> | undefined {
  if (!existsSync(file)) return undefined;
  const worker = new Worker(file);
  worker.unref();
  let failure: Error | undefined;
  worker.on('error', (error) => {
    failure = error;
  });
  let queue: Promise<unknown> = Promise.resolve();
  const once = (request: Request, onEvent?: (event: Event) => void) =>
    new Promise<Result>((resolve, reject) => {
      if (failure) return reject(failure);
      const onMessage = (reply: Reply<Result, Event>) => {
        if (reply.kind === 'event') return onEvent?.(reply.event);
        cleanup();
        if (reply.kind === 'done') resolve(reply.result);
        else reject(revive(reply.error));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`a worker thread stopped (exit code ${code}) before it answered`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(request);
    });
  return {
    call(request, onEvent) {
      const result = queue.then(() => once(request, onEvent));
      queue = result.catch(() => undefined);
      return result;
    },
    close: () => void worker.terminate(),
  };
}

/** The worker side: answers each request with `handle`, after `ready` (a warm-up; its failure only costs speed). */
export function serve<Request, Result, Event = never>(
  handle: (request: Request, emit: (event: Event) => void) => Promise<Result>,
  ready: Promise<unknown> = Promise.resolve(),
): void {
  const port = parentPort;
  if (!port) throw new Error('serve() runs in a worker thread');
  const settled = ready.catch(() => undefined);
  port.on('message', (request: Request) => {
    const send = (reply: Reply<Result, Event>) => port.postMessage(reply);
    settled
      .then(() => handle(request, (event) => send({ kind: 'event', event })))
      .then(
        (result) => send({ kind: 'done', result }),
        (error: unknown) => send({ kind: 'failed', error: serialise(error) }),
      );
  });
}

function serialise(error: unknown): SerialisedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return e instanceof HookwrightError
    ? {
        hookwright: true,
        message: e.message,
        stack: e.stack,
        problems: [...e.problems],
        hint: e.hint,
      }
    : { hookwright: false, message: e.message, stack: e.stack };
}

function revive(error: SerialisedError): Error {
  const revived = error.hookwright
    ? new HookwrightError(error.message, { problems: error.problems, hint: error.hint })
    : new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}
