import { ConfigError, loadConfig } from './generated/runtime/config';
import { buildApp, closeGracefully } from './generated/runtime/fastify';
import type { ReceiverConfig } from './generated/runtime/types';
import { handlers } from './generated/handler-registry';
import { operations } from './generated/operations';

async function main(): Promise<number> {
  let config: ReceiverConfig;
  try {
    config = loadConfig(process.env, operations);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    return 1;
  }

  const app = buildApp({ operations, handlers, config });
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      // A second signal while draining ends the process at once.
      if (stopping) process.exit(1);
      stopping = true;
      app.log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
      closeGracefully(app, config.shutdownGraceMs).then(
        (outcome) => {
          if (outcome === 'cut') app.log.warn('grace period over: open connections were cut');
          else app.log.info('shut down');
          // Work a handler left running past its deadline does not keep the process alive.
          process.exit();
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ host: config.host, port: config.port });
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
