/** The operation the generated tests use for their failure cases, and the bodies they send. */
import type { JsonValue, ReceiverIR } from '../plan/ir';
import { deref } from '../schema';
import type { OperationContext } from './operations';

export type ProbeContext = OperationContext & {
  /** A body its schema rejects, when there is one. */
  invalidBody?: string;
  /** The sample with a property the document does not list, when the sample is an object. */
  extendedBody?: string;
};

/** A route with one message and a schema, else the first route; undefined without routes. */
export function chooseProbe(routes: OperationContext[], ir: ReceiverIR): ProbeContext | undefined {
  const probe =
    routes.find((op) => !op.multi && op.messages[0]?.schemaConst !== undefined) ?? routes[0];
  return probe && { ...probe, ...probeBodies(probe, ir) };
}

/** Bodies for the generated failure tests: one the schema rejects, one with an unlisted property. */
function probeBodies(
  probe: OperationContext,
  ir: ReceiverIR,
): { invalidBody?: string; extendedBody?: string } {
  const message = ir.messages.find((m) =>
    ir.operations.some((op) => op.name === probe.name && op.messages[0] === m.key),
  );
  const root = deref(message?.payload, ir.schemas);
  const type = root?.type;
  const invalidBody =
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
  const extendedBody =
    sample !== null && typeof sample === 'object' && !Array.isArray(sample) && !probe.multi
      ? JSON.stringify({ ...sample, hookwright_unlisted_property: 'added by the provider later' })
      : undefined;
  return { invalidBody, extendedBody };
}
