/**
 * Dot segments in a channel address (`/hooks/v1/../events`). Every HTTP client removes them
 * before it sends a request (RFC 3986 §5.2.4; WHATWG URL also for `%2e`), so a route
 * registered with them could never be reached: the route is the address with them removed.
 */

const SINGLE_DOT = /^(?:\.|%2e)$/i;
const DOUBLE_DOT = /^(?:\.|%2e){2}$/i;

/** `/a/b/../c/./d` → `/a/c/d`; `..` never climbs above the root. */
export function removeDotSegments(path: string): string {
  const segments = path.split('/');
  const out: string[] = [];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (SINGLE_DOT.test(segment)) {
      // `/a/.` is `/a/`: a dot segment at the end leaves the slash before it.
      if (last) out.push('');
    } else if (DOUBLE_DOT.test(segment)) {
      if (out.length > 1) out.pop();
      if (last) out.push('');
    } else out.push(segment);
  });
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/** A warning when `address` has dot segments, saying where its route is served instead. */
export function dotSegmentWarning(address: string, served: string): string | undefined {
  const withSlash = address.startsWith('/') ? address : `/${address}`;
  if (removeDotSegments(withSlash) === withSlash) return undefined;
  return `channel address "${address}" contains "." or ".." segments, which HTTP clients remove before sending: its route is served at ${served}`;
}
