/**
 * Whether a value validates against a schema of the IR, as the generated receiver checks it:
 * Ajv (draft-07) with ajv-formats, the same major versions as the project's own. The
 * generator asks this of its samples (a `oneOf` sample must fit one option only) and of
 * shared routes (a request that an earlier event's schema accepts goes there).
 *
 * Ajv is loaded on the first call (in the worker thread, with the other render modules),
 * and each registry gets one Ajv instance holding its named schemas as one document, so
 * that every named schema is compiled once however many subschemas refer to it.
 */
import type AjvClass from 'ajv';
import type { JsonValue } from '../plan/ir';
import { isObject } from './object';
import { rebaseRefs, type Defs } from './ref';

/** The `$id` of the document that holds a registry's named schemas under `$defs`. */
const REGISTRY_ID = 'hookwright:registry';

type Check = (value: unknown) => boolean;

interface Validator {
  ajv: AjvClass;
  /** By schema object, and by its JSON for copies of the same schema. */
  byNode: WeakMap<object, Check>;
  byJson: Map<string, Check>;
}

const validators = new WeakMap<Defs, Validator>();

let ajvModules: { Ajv: typeof AjvClass; addFormats: typeof import('ajv-formats').default };

/** Loads Ajv and ajv-formats (once); the worker calls it while it warms up. */
export function loadValidator(): void {
  if (ajvModules) return;
  ajvModules = {
    Ajv: (require('ajv') as typeof import('ajv')).default,
    addFormats: (require('ajv-formats') as typeof import('ajv-formats')).default,
  };
}

function validatorFor(defs: Defs): Validator {
  let validator = validators.get(defs);
  if (validator) return validator;
  loadValidator();
  const { Ajv, addFormats } = ajvModules;
  // As the receiver's (`runtime/core.ts`); `validateSchema: false` because the parser has
  // validated the document, and the answer is only yes or no.
  const ajv = new Ajv({ strict: false, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({
    $id: REGISTRY_ID,
    $defs: Object.fromEntries(Object.entries(defs).map(([key, named]) => [key, named.schema])),
  });
  validator = { ajv, byNode: new WeakMap(), byJson: new Map() };
  validators.set(defs, validator);
  return validator;
}

/**
 * Whether `value` is valid against `node`, a schema whose `$ref`s name schemas of `defs`.
 * A schema Ajv cannot compile (a reference the registry lacks, a pattern that is not a
 * valid `u` regular expression) accepts everything: the generator cannot tell what it means.
 */
export function conforms(value: JsonValue, node: JsonValue | undefined, defs: Defs): boolean {
  if (node === undefined || node === true) return true;
  if (node === false) return false;
  if (!isObject(node)) return true;
  const validator = validatorFor(defs);
  let check = validator.byNode.get(node);
  if (check === undefined) {
    const json = JSON.stringify(node);
    check = validator.byJson.get(json);
    if (check === undefined) {
      check = compile(validator.ajv, node);
      validator.byJson.set(json, check);
    }
    validator.byNode.set(node, check);
  }
  return check(value);
}

function compile(ajv: AjvClass, node: JsonValue): Check {
  try {
    const validate = ajv.compile(rebaseRefs(node, REGISTRY_ID) as object);
    return (value) => validate(value) === true;
  } catch {
    return () => true;
  }
}
