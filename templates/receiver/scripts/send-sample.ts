// Posts a correctly signed sample request to a running receiver.
// Usage: npm run send-sample -- <operationId> [messageName]   (env: RECEIVER_URL, WEBHOOK_SECRET)

import { operations } from '../src/generated/operations';
import { profiles } from '../src/generated/runtime/signature';
import type { OperationSpec } from '../src/generated/runtime/types';
import { samples } from '../test/samples';

async function main(args: readonly string[]): Promise<number> {
  const operation = operations.find((candidate) => candidate.operationId === args[0]);
  if (operation === undefined) {
    console.error(
      args[0] === undefined ? 'Missing operationId.' : `Unknown operationId "${args[0]}".`,
    );
    console.error('Usage: npm run send-sample -- <operationId> [messageName]\nOperations:');
    for (const { operationId, method, path } of operations) {
      console.error(`  ${operationId}  (${method} ${path})`);
    }
    return 1;
  }
  const choices = samples[operation.operationId] ?? [];
  const sample = args[1] === undefined ? choices[0] : choices.find((s) => s.message === args[1]);
  if (sample === undefined) {
    console.error(
      `Unknown message "${args[1]}" for ${operation.operationId}; one of: ${choices.map((s) => s.message).join(', ')}`,
    );
    return 1;
  }

  const body = Buffer.from(sample.body ?? JSON.stringify(sample.payload));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...sample.headers };
  const spec: OperationSpec = operation;
  if (spec.signature !== null) {
    const secret = process.env.WEBHOOK_SECRET?.split(',')[0]?.trim();
    if (!secret) {
      console.error('WEBHOOK_SECRET is not set: it must match the receiver to sign the sample.');
      return 1;
    }
    Object.assign(
      headers,
      profiles[spec.signature].sign(body, secret, { header: spec.signatureHeader ?? undefined }),
    );
  }

  const path = operation.path.replace(/:(\w+)/g, (_match, name: string) => `sample-${name}`);
  const url = new URL(path, process.env.RECEIVER_URL ?? 'http://localhost:3000');
  const { method } = operation;
  const response = await fetch(url, { method, headers, body });
  console.log(`${method} ${url.href} -> ${response.status} ${response.statusText}`);
  console.log(await response.text());
  return response.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
