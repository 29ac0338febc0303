import { ConfigError, loadConfig } from './generated/runtime/config';
import { buildApp } from './generated/runtime/fastify';
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
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      app.close().catch((error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      });
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
