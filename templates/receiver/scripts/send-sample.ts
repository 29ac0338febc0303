// Posts a correctly signed sample request to a running receiver.
// Usage: npm run send-sample -- <operationId> [messageName]
// Env: RECEIVER_URL; the operation's key variable (its first secret signs), or SIGNING_KEY
// (a private key in PEM, for public-key recipes; WEBHOOK_PUBLIC_URL where the URL is signed).

import { operations } from '../src/generated/operations';
import type { OperationSpec } from '../src/generated/runtime/types';
import { samples } from '../src/generated/samples';

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
  let path = operation.path.replace(/:(\w+)/g, (_match, name: string) => `sample-${name}`);
  if (spec.signature !== null) {
    const { variable, verifier } = spec.signature;
    const key =
      process.env.SIGNING_KEY ??
      (verifier.keyKind === 'secret' ? process.env[variable]?.split(',')[0]?.trim() : undefined);
    if (!key) {
      console.error(
        verifier.keyKind === 'secret'
          ? `${variable} is not set: it must match the receiver to sign the sample.`
          : `SIGNING_KEY is not set: the private key (PEM) matching ${variable} signs the sample.`,
      );
      return 1;
    }
    path = verifier.requestPath?.(path, body) ?? path;
    const publicUrl = process.env.WEBHOOK_PUBLIC_URL;
    Object.assign(headers, verifier.sign(body, key, { url: path, publicUrl }));
  }

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
