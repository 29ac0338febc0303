/**
 * What the route table of `operations.ts` states once: the values every route has in
 * common (method, path, address, parameters, signature, the schema registry) go into one
 * `common` object that each entry spreads, and a media type every message declares into
 * one `contentType` constant. A document with one route states everything in its entry.
 */
import type { OperationContext } from './operations';
import { stringLiteral } from './text';

/** The route fields `common` can hold, in the order the entries print them. */
const FIELDS = ['method', 'path', 'address', 'parameters', 'signature', 'definitions'] as const;

export type RouteField = (typeof FIELDS)[number];

export interface RouteTableContext {
  /** `common`'s entries (`key: value`, or `key` alone where the value is a constant of that name); empty when nothing is stated once. */
  common: Array<{ key: RouteField; line: string }>;
  /** Which fields `common` holds: the entries leave those out. */
  shares: Record<RouteField, boolean>;
  /** Whether the entries refer to the schema registry (`definitions` of `schemas.ts`). */
  definitions: boolean;
  /** The media type every message declares, as a string literal, when they all declare one. */
  contentType?: string;
}

/** The TypeScript expression of `field` in `route`'s entry. */
function fieldValue(route: OperationContext, field: RouteField): string {
  switch (field) {
    case 'method':
      return stringLiteral(route.method);
    case 'path':
      return stringLiteral(route.routePath);
    case 'address':
      return stringLiteral(route.address);
    case 'parameters':
      return `[${route.params.map((p) => stringLiteral(p.name)).join(', ')}]`;
    case 'signature':
      return route.signatureKey === undefined
        ? 'null'
        : `signatures[${stringLiteral(route.signatureKey)}]`;
    case 'definitions':
      return 'definitions';
  }
}

/** The route table's shared parts, for `routes` (and a schema registry when there is one). */
export function routeTable(routes: OperationContext[], registry: boolean): RouteTableContext {
  const shares = Object.fromEntries(FIELDS.map((f) => [f, false])) as Record<RouteField, boolean>;
  const common: RouteTableContext['common'] = [];
  const [first] = routes;
  if (first !== undefined && routes.length > 1) {
    for (const field of FIELDS) {
      if (field === 'definitions' && !registry) continue;
      const value = fieldValue(first, field);
      if (routes.every((route) => fieldValue(route, field) === value)) {
        shares[field] = true;
        common.push({ key: field, line: value === field ? field : `${field}: ${value}` });
      }
    }
  }
  const messages = routes.flatMap((route) => route.messages);
  const types = new Set(messages.map((message) => message.contentType));
  const [only] = types;
  return {
    common,
    shares,
    definitions: registry,
    contentType:
      messages.length > 1 && types.size === 1 && only !== undefined
        ? stringLiteral(only)
        : undefined,
  };
}
