/**
 * The validation schemas of the generated receiver (`schemas.ts`): one constant per
 * payload type a route validates. The policy is the receiver's: providers add fields
 * over time, and a receiver that rejects them breaks on the day they do, so each schema
 * accepts properties the document does not list, even where it says
 * `additionalProperties: false`. (The models still list only the known ones.)
 */
import type { JsonSchema, MessageIR } from '../plan/ir';
import { bundle, deref, openObjects, type Defs } from '../schema';
import type { BodyKind } from './body';
import { tsValueLiteral } from './text';

export interface SchemaConstant {
  constName: string;
  /** The schema as a TypeScript expression. */
  schemaJson: string;
}

/** The validation schema of a payload: self-contained, open to unlisted properties. */
export function validationSchema(payload: JsonSchema, defs: Defs): JsonSchema {
  return bundle(payload, defs, openObjects);
}

/** The constants of `schemas.ts`, collected as operations ask for them. */
export class SchemaBundles {
  private readonly constants = new Map<string, SchemaConstant>();

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
    if (!this.constants.has(constName)) {
      this.constants.set(constName, {
        constName,
        schemaJson: tsValueLiteral(validationSchema(message.payload, this.defs)),
      });
    }
    return constName;
  }

  /** Every constant asked for, in the order first asked. */
  list(): SchemaConstant[] {
    return [...this.constants.values()];
  }
}
