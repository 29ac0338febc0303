/**
 * Operation fingerprints for the manifest: one per handler, changing when the payload
 * types of the operation change, so that a regeneration can tell the user which handlers
 * may need a look. Computed from the IR and the models' type names, outside any stage.
 */
import { createHash } from 'node:crypto';
import type { ModelsResult } from '../models';
import type { ReceiverIR } from '../plan/ir';
import { bundle, openObjects } from '../schema';

/**
 * Handler name → fingerprint (16 hex digits). A handler serves one operation, or several
 * that the document cannot tell apart (they carry the same payloads): the first one's
 * messages stand for them.
 */
export function operationFingerprints(
  ir: ReceiverIR,
  payloadTypes: ModelsResult['payloadTypes'],
  handlers: Array<{ name: string; operations: string[] }>,
): Record<string, string> {
  const messages = new Map(ir.messages.map((m) => [m.key, m]));
  const operations = new Map(ir.operations.map((op) => [op.name, op]));
  const out: Record<string, string> = {};
  for (const handler of handlers) {
    const op = operations.get(handler.operations[0]);
    if (op === undefined) throw new Error(`handler ${handler.name} serves no known operation`);
    const parts = op.messages.map((key) => {
      const payload = messages.get(key)?.payload;
      // The schema as the receiver validates it (so a change only in which unlisted
      // properties are closed off does not count), with the named schemas it reaches.
      return [key, payloadTypes[key], payload && bundle(payload, ir.schemas, openObjects)];
    });
    out[handler.name] = createHash('sha256')
      .update(JSON.stringify(parts))
      .digest('hex')
      .slice(0, 16);
  }
  return out;
}
