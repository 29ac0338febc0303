/**
 * The data templates see: everything precomputed from the IR and the model names, so
 * that templates only print (no logic beyond `each` and `if`). Plain data; no parser,
 * no Modelina.
 */
import type { ReceiverIR } from '../plan/ir';
import type { ModelsResult } from '../models';
import type { KnownProblem } from '../pipeline/produce';
import { words } from '../plan/naming';
import { VERSION } from '../pipeline/version';
import { SchemaBundles, type SchemaConstant } from './bundles';
import { operationContexts, routePath, type OperationContext } from './operations';
import { dotSegmentWarning } from './paths';
import type { SampleLimits } from './samples/message';
import { chooseProbe, type ProbeContext } from './probe';
import { routeTable, type RouteTableContext } from './route-table';
import { shareRoutes, type SharedRouteContext } from './routes';
import type { ScaleOut } from './scaleout';
import { signatureSummary, type SignatureContext, type SignatureSummary } from './signature';
import type { DeprecatedOperation } from '../write/retain';

export type { MessageContext, OperationContext } from './operations';

export interface RenderContext {
  generator: { name: 'hookwright'; version: string };
  project: {
    /** npm package name. */
    packageName: string;
    title: string;
    version: string;
    description?: string;
    /** The AsyncAPI document, relative to the project folder. */
    specPath: string;
    /** Where that copy came from, relative to the project folder (absent: not a copy). */
    specSource?: string;
    asyncapi: string;
  };
  /** The first signing scheme's recipe (most documents have one); undefined without verification. */
  signature?: SignatureContext;
  /** Every signing scheme's recipe, runtime modules, environment (`signature.ts`). */
  signing: SignatureSummary;
  /** The optional Redis / BullMQ layer. */
  scaleOut: ScaleOut;
  /** `signature.recipe`, or '' without verification. */
  signatureProfile: string;
  operations: OperationContext[];
  /** Operations with an HTTP route. */
  routes: OperationContext[];
  /** Operations without one (non-HTTP servers), with the reason. */
  unrouted: OperationContext[];
  /** Removed operations whose edited handler is kept: typed, deprecated, not routed. */
  deprecated: DeprecatedOperation[];
  /** Routes with more than one message. */
  multiRoutes: OperationContext[];
  /** Routes that several operations share (one URL for many events), with how each is told apart. */
  sharedRoutes: SharedRouteContext[];
  /** Whether any route dispatches among several messages (so unmatched requests can happen). */
  dispatching: boolean;
  perspective: ReceiverIR['perspective'];
  endpoint: ReceiverIR['endpoint'];
  /** `--dispatch`, in words, when given. */
  dispatch?: { in: string; at: string; source: string; flag: string };
  /** Model types the handler types use, sorted. */
  modelImports: string[];
  /** One JSON Schema constant per payload type the routes validate. */
  schemas: SchemaConstant[];
  /** The named schemas those reach, as one registry (a TypeScript expression), if any. */
  schemaRegistry?: string;
  /** What the route table of `operations.ts` states once for every route. */
  routeTable: RouteTableContext;
  skipped: Array<{ what: string; reason: string }>;
  /** The parser's errors a lenient run went on past. */
  knownProblems: KnownProblem[];
  /** Whether some route takes a body that is not JSON (the README then lists what each takes). */
  nonJsonRoutes: boolean;
  /** The document declares no servers: HTTP was assumed. */
  noServers: boolean;
  /** A routed operation the generated tests use for the failure cases (a JSON one if any). */
  probe?: ProbeContext;
}

export interface ContextOptions {
  specPath: string;
  specSource?: string;
  scaleOut: ScaleOut;
  knownProblems?: KnownProblem[];
  /** The size cap of samples, and the document errors name. */
  samples?: SampleLimits;
}

export function buildContext(
  ir: ReceiverIR,
  models: ModelsResult,
  options: ContextOptions,
  warnings: string[],
): RenderContext {
  const signing = signatureSummary(ir);
  const signature = signing.signatures[0];
  const bundles = new SchemaBundles(ir.schemas);
  if (ir.endpoint.layout !== 'single') {
    const addresses = new Set(ir.operations.map((op) => op.channel.address));
    for (const address of addresses) {
      const warning = dotSegmentWarning(address, routePath(address));
      if (warning !== undefined) warnings.push(warning);
    }
  }
  const { operations, shared } = shareRoutes(
    operationContexts(ir, models, signing, bundles, options.samples, warnings),
    ir,
    (message) =>
      // Registry refs name shared schemas, so equal JSON means the same payload.
      JSON.stringify([message.payload, message.headers]),
    warnings,
  );
  const routes = operations.filter((op) => op.route);
  const probe = chooseProbe(routes, shared, ir);
  for (const signed of signing.signatures)
    signed.probeOperation = routes.find(
      (op) => op.messages[0]?.shadowedBy === undefined && op.signatureKey === signed.scheme,
    )?.name;
  // Handler types use the models of routed operations; text and bytes are string and Buffer.
  const modelTypes = new Set(
    routes
      .flatMap((op) => op.messages.filter((m) => m.kind === 'json' || m.kind === 'form'))
      .map((m) => m.payloadType)
      .filter((t) => t !== 'unknown'),
  );
  const schemaRegistry = bundles.registry();
  return {
    generator: { name: 'hookwright', version: VERSION },
    project: {
      packageName: packageName(ir.service.title),
      title: ir.service.title,
      version: ir.service.version,
      description: ir.service.description,
      specPath: options.specPath,
      specSource: options.specSource,
      asyncapi: ir.asyncapi,
    },
    signature,
    signing,
    scaleOut: options.scaleOut,
    signatureProfile: signature?.recipe ?? '',
    operations,
    routes,
    unrouted: operations.filter((op) => !op.route),
    deprecated: [],
    multiRoutes: routes.filter((op) => op.multi),
    sharedRoutes: shared,
    dispatching: shared.length > 0 || routes.some((op) => op.multi),
    perspective: ir.perspective,
    endpoint: ir.endpoint,
    dispatch: ir.dispatch && {
      in: ir.dispatch.in,
      at: ir.dispatch.at,
      source: ir.dispatch.source,
      flag: `--dispatch ${ir.dispatch.in}:${ir.dispatch.at} --dispatch-value ${ir.dispatch.source}`,
    },
    modelImports: [...modelTypes].sort(),
    schemas: bundles.list(),
    schemaRegistry,
    routeTable: routeTable(routes, schemaRegistry !== undefined),
    skipped: ir.skipped.map(({ what, reason }) => ({ what, reason })),
    knownProblems: options.knownProblems ?? [],
    nonJsonRoutes: routes.some((op) => !op.json),
    noServers: ir.servers.length === 0,
    probe,
  };
}

/** npm package name from the service title: lower-case, dashes, ≤ 214 characters. */
export function packageName(title: string): string {
  const name = words(title)
    .map((w) => w.toLowerCase())
    .join('-')
    .slice(0, 200);
  return `${name || 'webhook'}-receiver`.replace(/-receiver-receiver$/, '-receiver');
}
