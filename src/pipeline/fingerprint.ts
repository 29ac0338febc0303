/**
 * Operation fingerprints for the manifest: one per operation, changing when the payload
 * types of the operation change, so that a regeneration can tell the user which handlers
 * may need a look. Computed from the IR and the models' type names, outside any stage.
 */
import { createHash } from 'node:crypto';
import type { ModelsResult } from '../models';
import type { ReceiverIR } from '../plan/ir';
import { bundle, openObjects } from '../schema';

/** Operation name → fingerprint (16 hex digits). */
export function operationFingerprints(
  ir: ReceiverIR,
  payloadTypes: ModelsResult['payloadTypes'],
): Record<string, string> {
  const messages = new Map(ir.messages.map((m) => [m.key, m]));
  const out: Record<string, string> = {};
  for (const op of ir.operations) {
    const parts = op.messages.map((key) => {
      const payload = messages.get(key)?.payload;
      // The schema as the receiver validates it (so a change only in which unlisted
      // properties are closed off does not count), with the named schemas it reaches.
      return [key, payloadTypes[key], payload && bundle(payload, ir.schemas, openObjects)];
    });
    out[op.name] = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
  }
  return out;
}
