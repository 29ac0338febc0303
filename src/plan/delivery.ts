/**
 * How webhooks reach the receiver: which side of the document it serves (perspective),
 * whether every event has its own route or all share one URL (endpoint layout), and,
 * when the user says so, where each request carries its event type (`--dispatch`).
 * Each decision is recorded in the IR with the reason, for the report and the manifest.
 */
import { HookwrightError } from '../pipeline/errors';
import type {
  DispatchIR,
  EndpointIR,
  EndpointLayout,
  MessageIR,
  OperationIR,
  Perspective,
  PerspectiveIR,
  ReceiverIR,
  SkippedIR,
} from './ir';

export interface PlanOptions {
  /** Which operations to serve; `auto` (default) picks from what the document has. */
  perspective?: Perspective | 'auto';
  /** One route per channel path, or one URL; `auto` (default) looks at the addresses. */
  endpoint?: EndpointLayout | 'auto';
  /** The route of the single endpoint (default `/webhooks`). */
  endpointPath?: string;
  /** `header:NAME` or `body:/json/pointer`: where requests carry their event type. */
  dispatch?: string;
  /** Where each event's value is in the document: `name`, `title`, `channel`, `operation` or `x-...`. */
  dispatchValue?: string;
}

export const PERSPECTIVES = ['receiver', 'provider', 'auto'] as const;
export const ENDPOINT_LAYOUTS = ['per-channel', 'single', 'auto'] as const;
export const DEFAULT_ENDPOINT_PATH = '/webhooks';

/** How many HTTP routes the receiver has: operations that share a method and path share a route. */
export function routeCount(ir: Pick<ReceiverIR, 'operations' | 'endpoint'>): number {
  const served = ir.operations.filter((op) => op.http);
  if (ir.endpoint.layout === 'single') return Math.min(served.length, 1);
  return new Set(served.map((op) => `${op.httpMethod ?? 'POST'} ${op.channel.address}`)).size;
}

export function choosePerspective(
  requested: Perspective | 'auto',
  counts: { receive: number; send: number },
  v2: boolean,
): PerspectiveIR {
  const receiveWord = v2 ? '`publish`' : '`action: receive`';
  const sendWord = v2 ? '`subscribe`' : '`action: send`';
  const n = (count: number, what: string) => `${count} ${what} operation${count === 1 ? '' : 's'}`;
  if (requested !== 'auto')
    return {
      used: requested,
      requested,
      reason: `--perspective ${requested}: serving the document's ${requested === 'receiver' ? `receive (${receiveWord})` : `send (${sendWord})`} operations`,
    };
  if (counts.receive === 0 && counts.send > 0)
    return {
      used: 'provider',
      requested,
      reason: `the document has no receive operation and ${n(counts.send, `send (${sendWord})`)}: it is written from the provider's side, so its send operations are what arrives`,
    };
  return {
    used: 'receiver',
    requested,
    reason:
      counts.send > 0
        ? `the document has ${n(counts.receive, `receive (${receiveWord})`)}, so its ${n(counts.send, 'send')} ${counts.send === 1 ? 'is' : 'are'} left out (--perspective provider serves those instead)`
        : `the document has ${n(counts.receive, `receive (${receiveWord})`)}`,
  };
}

export function chooseEndpoint(
  requested: EndpointLayout | 'auto',
  pathOption: string | undefined,
  served: OperationIR[],
): EndpointIR {
  const path = checkEndpointPath(pathOption ?? DEFAULT_ENDPOINT_PATH);
  if (requested !== 'auto')
    return { layout: requested, requested, path, reason: `--endpoint ${requested}` };
  const notPaths = served.filter((op) => !op.channel.address.startsWith('/'));
  if (served.length > 0 && notPaths.length === 0)
    return {
      layout: 'per-channel',
      requested,
      path,
      reason: 'every channel address is a URL path, so each gets its own route',
    };
  const example = notPaths[0];
  const what = example
    ? example.channel.address === ''
      ? `channel "${example.channel.id}" has no address`
      : `channel address "${example.channel.address}" is not a URL path`
    : 'no operation is served';
  return {
    layout: 'single',
    requested,
    path,
    reason: `${what}, so the provider posts every event to the one URL you register (--endpoint per-channel gives each channel its own route)`,
  };
}

function checkEndpointPath(path: string): string {
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path) || path.includes('//'))
    throw new HookwrightError(`--endpoint-path "${path}" is not a URL path`, {
      hint: 'Give a path that starts with "/", for example --endpoint-path /sinch/callbacks.',
    });
  return path;
}

export interface DispatchLocation {
  in: 'header' | 'body';
  at: string;
}

/** `header:X-GitHub-Event` or `body:/event/type`. */
export function parseDispatch(text: string): DispatchLocation {
  const header = /^header:([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(text);
  if (header) return { in: 'header', at: header[1].toLowerCase() };
  const body = /^body:(\/.*)$/.exec(text);
  if (body && !/~[^01]|~$/.test(body[1])) return { in: 'body', at: body[1] };
  throw new HookwrightError(`--dispatch "${text}" is not a place in a request`, {
    hint: 'Use header:NAME (for example header:X-GitHub-Event) or body:/json/pointer (for example body:/event/type).',
  });
}

const EVENT_TYPE_EXTENSION = /^x-(.+[-_])?event[-_]?(type|name)$/i;

/** The value one source gives an event, or undefined when it has none. */
function valueFrom(
  source: string,
  op: OperationIR,
  message: MessageIR,
  v2: boolean,
): string | undefined {
  if (source === 'name') return message.name;
  if (source === 'title') return message.title;
  if (source === 'operation') return op.idSource === 'document' ? op.id : undefined;
  if (source === 'channel') return v2 ? op.channel.address || undefined : op.channel.id;
  if (source.startsWith('x-')) {
    const value = message.extensions[source];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  return undefined;
}

/**
 * Each served event's value under `--dispatch`. Without `--dispatch-value` the first source
 * that gives every event a value of its own wins: an `x-...-event-type` extension, the
 * message name, the message title, the channel, the operation id.
 */
export function resolveDispatch(
  location: DispatchLocation,
  sourceOption: string | undefined,
  ir: Pick<ReceiverIR, 'operations' | 'messages'>,
  v2: boolean,
): DispatchIR {
  const messages = new Map(ir.messages.map((m) => [m.key, m]));
  const events = ir.operations
    .filter((op) => op.http)
    .flatMap((op) => op.messages.map((key) => ({ op, message: messages.get(key) as MessageIR })));
  const extensions = [
    ...new Set(
      events.flatMap(({ message }) =>
        Object.keys(message.extensions).filter((k) => EVENT_TYPE_EXTENSION.test(k)),
      ),
    ),
  ].sort();
  const sources =
    sourceOption !== undefined
      ? [sourceOption]
      : [...extensions, 'name', 'title', 'channel', 'operation'];
  if (sourceOption !== undefined && !/^(name|title|channel|operation|x-.+)$/.test(sourceOption))
    throw new HookwrightError(`--dispatch-value "${sourceOption}" is not a place in the document`, {
      hint: 'Use name, title, channel, operation, or the name of a message extension such as x-event-type.',
    });

  const problems: string[] = [];
  for (const source of sources) {
    const values = events.map(({ op, message }) => ({
      operation: op.name,
      message: message.key,
      value: valueFrom(source, op, message, v2),
    }));
    const missing = values.filter((v) => v.value === undefined);
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const v of values) {
      if (v.value === undefined) continue;
      const earlier = seen.get(v.value);
      if (earlier) clashes.push(`${earlier} and ${v.operation} (${JSON.stringify(v.value)})`);
      else seen.set(v.value, v.operation);
    }
    if (missing.length === 0 && clashes.length === 0)
      return {
        ...location,
        source,
        values: values.map((v) => ({ ...v, value: v.value as string })),
      };
    problems.push(
      missing.length > 0
        ? `${source}: no value for ${missing.map((m) => `${m.operation} (${m.message})`).join(', ')}`
        : `${source}: ${clashes.join(', ')} share a value`,
    );
  }
  throw new HookwrightError(
    `--dispatch ${location.in}:${location.at}: cannot tell each event's value from the document`,
    {
      problems: problems.map((message) => ({ message })),
      hint: 'Pass --dispatch-value with the message field or extension that names each event (name, title, channel, operation or x-...).',
    },
  );
}

/**
 * The error for a document with nothing to serve over HTTP: what the document has instead,
 * and the flag that would help. Undefined when something is served.
 */
export function nothingToServe(ir: ReceiverIR, file: string): HookwrightError | undefined {
  if (ir.operations.some((op) => op.http)) return undefined;
  const { used } = ir.perspective;
  const other = ir.skipped.filter(
    (s) => s.kind === (used === 'receiver' ? 'send-operation' : 'receive-operation'),
  );
  const nonHttp = ir.skipped.filter((s) => s.kind === 'non-http');
  const empty = ir.skipped.filter((s) => s.kind === 'no-message');
  const has: string[] = [];
  const names = (list: SkippedIR[], prefix: RegExp) =>
    list.map((s) => s.what.replace(prefix, '')).join(', ');
  const protocolsOf = (list: SkippedIR[]) =>
    [...new Set(list.flatMap((s) => s.protocols ?? []))].sort().join(', ');
  const on = (list: SkippedIR[]) => (protocolsOf(list) ? ` on ${protocolsOf(list)}` : '');
  const otherSide = used === 'receiver' ? 'send' : 'receive';
  if (ir.operations.length === 0)
    has.push(`no ${used === 'receiver' ? 'receive' : 'send'} operation`);
  if (other.length > 0)
    has.push(
      `${other.length} ${otherSide} operation${other.length === 1 ? '' : 's'}${on(other)} (${names(other, /^operation /)})`,
    );
  if (nonHttp.length > 0)
    has.push(
      `${nonHttp.length} ${used === 'receiver' ? 'receive' : 'send'} operation${nonHttp.length === 1 ? '' : 's'} only on non-HTTP servers (${protocolsOf(nonHttp)}: ${names(nonHttp, /^route for operation /)})`,
    );
  if (empty.length > 0)
    has.push(
      `${empty.length} operation${empty.length === 1 ? '' : 's'} that receive${empty.length === 1 ? 's' : ''} no message (${names(empty, /^operation /)})`,
    );
  const flip = used === 'receiver' ? 'provider' : 'receiver';
  const reachable = other.filter((s) => s.http);
  const hint =
    reachable.length > 0
      ? `Pass --perspective ${flip} to serve the ${reachable.length} ${otherSide} operation${reachable.length === 1 ? '' : 's'} HTTP can reach (${flip === 'provider' ? 'the document describes the provider that sends the webhooks' : 'the document describes the application that receives them'}).`
      : empty.length > 0 && nonHttp.length === 0 && other.length === 0
        ? "Declare the message each operation receives: 3.x `messages` on the operation's channel, 2.x `message` on the operation."
        : nonHttp.length > 0 || other.length > 0
          ? 'No flag turns a Kafka, MQTT or WebSocket operation into a webhook: a webhook receiver needs operations on an http or https server (or a document without servers).'
          : 'Add a receive operation to the document (2.x `publish`, 3.x `action: receive`).';
  return new HookwrightError(
    `${file} has nothing to serve over HTTP (perspective ${used}); nothing was written`,
    { problems: [{ message: `the document has ${has.join('; ')}`, where: { file } }], hint },
  );
}
