/**
 * The validation schemas of the generated receiver (`schemas.ts`): one shared registry of
 * the named schemas the payloads reach (`definitions`, added to the receiver's Ajv once,
 * under the `$id` `hookwright:schemas`), and one constant per payload type a route
 * validates, referring into it. The policy is the receiver's: providers add fields over
 * time, and a receiver that rejects them breaks on the day they do, so each schema accepts
 * properties the document does not list, even where it says `additionalProperties: false`.
 * (The models still list only the known ones.)
 */
import type { JsonSchema, MessageIR } from '../plan/ir';
import { deref, openObjects, reachedKeys, rebaseRefs, type Defs } from '../schema';
import type { BodyKind } from './body';
import { tsValueLiteral } from './text';

/** The `$id` of the generated registry: an absolute URI, so any base resolves it. */
export const REGISTRY_ID = 'hookwright:schemas';

export interface SchemaConstant {
  constName: string;
  /** The schema as a TypeScript expression. */
  schemaJson: string;
}

/** A named-schema registry as the receiver's validator holds it: one document, `$defs` by key. */
export interface SchemaRegistry {
  $id: string;
  $defs: Record<string, JsonSchema>;
}

/**
 * The validation schema of a payload, for a validator that holds `registry(...)` of the
 * same named schemas: opened to unlisted properties, its references pointing into that
 * registry (`hookwright:schemas#/$defs/<key>`).
 */
export function validationSchema(payload: JsonSchema): JsonSchema {
  return rebaseRefs(openObjects(payload), REGISTRY_ID) as JsonSchema;
}

/**
 * The registry of the named schemas `payloads` reach (sorted by key, each opened to
 * unlisted properties), or undefined when they reach none. Inside it, references stay
 * local (`#/$defs/<key>`): they resolve against the registry's own `$id`.
 */
export function schemaRegistry(
  payloads: readonly JsonSchema[],
  defs: Defs,
): SchemaRegistry | undefined {
  const keys = [...new Set(payloads.flatMap((payload) => reachedKeys(payload, defs)))].sort(
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
  if (keys.length === 0) return undefined;
  return {
    $id: REGISTRY_ID,
    $defs: Object.fromEntries(keys.map((key) => [key, openObjects(defs[key].schema)])),
  };
}

/** The constants of `schemas.ts`, collected as operations ask for them. */
export class SchemaBundles {
  private readonly constants = new Map<string, { constName: string; payload: JsonSchema }>();

  constructor(private readonly defs: Defs) {}

  /**
   * The constant for `message`'s payload (named after its type), or undefined for no payload
   * and for a body that is not validated.
   */
  constFor(message: MessageIR, payloadType: string, kind: BodyKind): string | undefined {
    if (!message.payload) return undefined;
    // A text body is a string: its schema applies when it describes one. Bytes are not validated.
    if (kind === 'binary') return undefined;
    if (kind === 'text' && deref(message.payload, this.defs)?.type !== 'string') return undefined;
    // A text payload's type is `string`: name its schema after the message instead.
    const constName = `${kind === 'text' ? message.payloadName : payloadType}Schema`;
    if (!this.constants.has(constName))
      this.constants.set(constName, { constName, payload: message.payload });
    return constName;
  }

  /** Every constant asked for, in the order first asked. */
  list(): SchemaConstant[] {
    return [...this.constants.values()].map(({ constName, payload }) => ({
      constName,
      schemaJson: tsValueLiteral(validationSchema(payload)),
    }));
  }

  /** The shared registry of every constant's named schemas, as a TypeScript expression. */
  registry(): string | undefined {
    const payloads = [...this.constants.values()].map((constant) => constant.payload);
    const registry = schemaRegistry(payloads, this.defs);
    return registry && tsValueLiteral(registry);
  }
}
