/** The operation the generated tests use for their failure cases, and the bodies they send. */
import type { JsonSchema, JsonValue, ReceiverIR } from '../plan/ir';
import { decodePointerToken, deref, resolveSchema } from '../schema';
import type { MessageMatch } from './match';
import type { OperationContext } from './operations';
import type { SharedRouteContext } from './routes';

export type ProbeContext = OperationContext & {
  /** A content type the probe's route does not accept, for the 415 test. */
  unsupportedType: string;
  /** Its (first) message is form-encoded. */
  form: boolean;
  /** Its (first) message is text or bytes: no fields. */
  opaque: boolean;
  /** A body its schema rejects, when there is one. */
  invalidBody?: string;
  /** The sample with a property the document does not list, when the sample is an object. */
  extendedBody?: string;
};

/**
 * A JSON route with one message and a schema, else a JSON route, else the first route, among
 * those a request can reach (not shadowed by an earlier operation on a shared route);
 * undefined without one.
 */
export function chooseProbe(
  routes: OperationContext[],
  shared: SharedRouteContext[],
  ir: ReceiverIR,
): ProbeContext | undefined {
  const reachable = routes.filter((op) => op.messages[0]?.shadowedBy === undefined);
  const probe =
    reachable.find((op) => op.json && !op.multi && op.messages[0]?.schemaConst !== undefined) ??
    reachable.find((op) => op.json) ??
    reachable[0];
  return (
    probe && {
      ...probe,
      ...probeBodies(probe, ir),
      form: probe.messages[0]?.kind === 'form',
      opaque: probe.messages[0]?.kind === 'text' || probe.messages[0]?.kind === 'binary',
      unsupportedType:
        ['text/plain', 'application/json', 'application/x-hookwright-unsupported'].find(
          (type) => !probe.accepted.includes(type),
        ) ?? 'application/x-hookwright-unsupported',
      // On a shared route a request is recognised only by its rule: without one, an invalid
      // body is no event at all (acknowledged as ignored), so there is no 400 to test.
      ...(shared.some((r) => r.routePath === probe.routePath) && !probe.messages[0]?.match
        ? { invalidBody: undefined }
        : {}),
    }
  );
}

/** Bodies for the generated failure tests: one the schema rejects, one with an unlisted property. */
function probeBodies(
  probe: OperationContext,
  ir: ReceiverIR,
): { invalidBody?: string; extendedBody?: string } {
  if (!probe.json) return {};
  const message = ir.messages.find((m) =>
    ir.operations.some((op) => op.name === probe.name && op.messages[0] === m.key),
  );
  const root = deref(message?.payload, ir.schemas);
  const type = root?.type;
  let invalidBody =
    message?.payload === undefined || probe.multi
      ? undefined
      : type === 'object'
        ? '[]'
        : type === 'string' ||
            type === 'number' ||
            type === 'integer' ||
            type === 'boolean' ||
            type === 'array'
          ? '{}'
          : undefined;
  const sample = JSON.parse(probe.messages[0]?.sample ?? 'null') as JsonValue;
  const match = probe.messages[0]?.match;
  if (message?.payload && !probe.multi && (match?.payload || match?.requiredKeys)) {
    // On a route shared with other events the invalid body must still be recognised as this
    // event: only what its rule looks at, without the other required properties.
    invalidBody = recognisedButInvalid(sample, match, resolveSchema(message.payload, ir.schemas));
  }
  const extendedBody =
    sample !== null && typeof sample === 'object' && !Array.isArray(sample) && !probe.multi
      ? JSON.stringify({ ...sample, hookwright_unlisted_property: 'added by the provider later' })
      : undefined;
  return { invalidBody, extendedBody };
}

function recognisedButInvalid(
  sample: JsonValue,
  match: MessageMatch,
  root: JsonSchema,
): string | undefined {
  if (sample === null || typeof sample !== 'object' || Array.isArray(sample)) return undefined;
  const keep = new Set([
    ...(match.requiredKeys ?? []),
    ...Object.keys(match.payload ?? {}).map((key) =>
      key.startsWith('/') ? decodePointerToken(key.slice(1).split('/')[0]) : key,
    ),
  ]);
  const required = Array.isArray(root.required) ? root.required : [];
  if (!required.some((key) => typeof key === 'string' && !keep.has(key))) return undefined;
  const body: { [key: string]: JsonValue } = {};
  for (const key of keep)
    if (Object.hasOwn(sample, key)) body[key] = nestedRule(sample[key], key, match);
  return JSON.stringify(body);
}

/** The part of a value a nested rule looks at (`/event/type` keeps `{ type }` of `event`). */
function nestedRule(value: JsonValue, top: string, match: MessageMatch): JsonValue {
  const inner = Object.keys(match.payload ?? {}).filter((key) => key.startsWith(`/${top}/`));
  if (inner.length === 0) return value;
  const out: { [key: string]: JsonValue } = {};
  for (const key of inner) {
    const [first] = key.slice(top.length + 2).split('/');
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.hasOwn(value, first)
    )
      out[first] = value[first];
  }
  return out;
}
