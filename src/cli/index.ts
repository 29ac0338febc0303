/**
 * The command line: arguments → one call of `generate()` or `validate()` → exit code.
 * Only `main` decides the exit code; user errors are printed plainly, bugs with a
 * request to report them, and stack traces only with --debug.
 */
import { Command, CommanderError, Option } from 'commander';
import { HookwrightError } from '../pipeline/errors';
import {
  reportDecisions,
  reportProblems,
  reportResult,
  reportSkippedAndWarnings,
  reportStage,
} from './report';
import { paint, printError, useColor, type GlobalFlags, type Output } from './terminal';
import { generate, type GenerateOptions } from '../pipeline/generate';
import { watchGenerate } from './watch';
import { VERSION } from '../pipeline/version';
import { asUserError } from '../write/fs-errors';
import { DEFAULT_REF_TIMEOUT_MS, type LoadOptions } from '../load';
import { RECIPE_NAMES, recipeNamed } from '../plan/recipes';
import { ENDPOINT_LAYOUTS, PERSPECTIVES, type PlanOptions } from '../plan/delivery';

export async function main(argv: string[] = process.argv): Promise<number> {
  let exitCode = 0;
  let flags: GlobalFlags = {};
  const output: Output = {
    out: (line = '') => process.stdout.write(`${line}\n`),
    err: (line = '') => process.stderr.write(`${line}\n`),
    color: false,
  };

  const program = new Command('hookwright')
    .description(
      'Generate a typed, signature-verifying webhook receiver from an AsyncAPI document.',
    )
    .version(VERSION, '-v, --version', 'print the hookwright version')
    .option('-q, --quiet', 'print only errors')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces')
    .showHelpAfterError('(run hookwright --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    })
    .hook('preAction', (cmd) => {
      flags = cmd.opts<GlobalFlags>();
      output.color = useColor(flags);
    });

  program
    .command('generate')
    .description('generate (or regenerate) a receiver project')
    .argument(
      '[spec]',
      'AsyncAPI document (YAML or JSON); defaults to the one in the project manifest',
    )
    .option('-o, --output <dir>', 'project folder to write', '.')
    .option('--dry-run', 'print what would change and write nothing')
    .option(
      '--diff',
      'with --dry-run: show a unified diff of every generated file that would change',
    )
    .option('--check', 'exit 1 if the project is not up to date with the document; write nothing')
    .option('--force', 'overwrite generated files edited by hand; generate into a non-empty folder')
    .option(
      '--lenient',
      'go on when the document has validation errors but is still usable (they become warnings); remembered in the manifest',
    )
    .option('--no-lenient', 'stop at validation errors again in a project generated with --lenient')
    .addOption(
      new Option(
        '--signature <recipe>',
        'signature recipe for every signing security scheme, instead of the declared or detected one',
      ).choices([...RECIPE_NAMES, 'none']),
    )
    .option(
      '--signature-option <key=value>',
      `a field of the generic hmac recipe (repeatable): ${Object.keys(recipeNamed('hmac')?.options ?? {}).join(', ')}`,
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--redis',
      'share replay protection between instances through Redis (REDIS_URL), with /readyz',
    )
    .option('--no-redis', 'turn the Redis layer off again')
    .addOption(
      new Option(
        '--queue <engine>',
        'bullmq: enqueue verified deliveries and run the handlers in a worker (implies --redis); none: no queue',
      ).choices(['bullmq', 'none']),
    )
    .addOption(
      new Option(
        '--perspective <side>',
        "which operations to serve: the receiver's (publish / receive), the provider's (subscribe / send), or auto",
      ).choices([...PERSPECTIVES]),
    )
    .addOption(
      new Option(
        '--endpoint <layout>',
        'one route per channel path, one URL for every event, or auto (single unless every address is a path)',
      ).choices([...ENDPOINT_LAYOUTS]),
    )
    .option('--endpoint-path <path>', 'the route of the single endpoint (default /webhooks)')
    .option(
      '--dispatch <where>',
      'where each request carries its event type: header:NAME or body:/json/pointer',
    )
    .option(
      '--dispatch-value <source>',
      "with --dispatch: where each event's value is in the document (name, title, channel, operation or an x- extension)",
    )
    .option(
      '--ref-root <dir>',
      "folder that file $refs must stay inside (default: the document's folder)",
    )
    .option('--allow-remote-refs', 'fetch http(s) $refs (off by default)')
    .option(
      '--ref-timeout <ms>',
      'deadline of each remote $ref fetch',
      String(DEFAULT_REF_TIMEOUT_MS),
    )
    .option(
      '--templates <dir>',
      'override built-in templates, each by its relative path under <dir> (remembered in the manifest)',
    )
    .option('--no-templates', 'use the built-in templates only again')
    .option(
      '--watch',
      'regenerate whenever the document, a file it references or an override changes; Ctrl-C stops',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ hookwright generate spec/sinch-conversation-webhooks.yaml -o sinch-receiver
  $ hookwright generate asyncapi.yaml -o my-receiver --dry-run
  $ cd my-receiver && hookwright generate            # regenerate from the manifest
  $ hookwright generate --check -o my-receiver       # CI drift gate: exit 1 when out of date
  $ hookwright generate asyncapi.yaml -o my-receiver --queue bullmq   # many instances, a worker
  $ hookwright generate github.yaml -o gh --dispatch header:X-GitHub-Event   # one URL, event type in a header
  $ hookwright generate asyncapi.yaml -o my-receiver --watch          # regenerate on every save
  $ hookwright generate -o my-receiver --templates my-receiver/templates   # your overrides of built-in templates`,
    )
    .action(
      async (
        spec: string | undefined,
        opts: {
          output: string;
          dryRun?: boolean;
          diff?: boolean;
          check?: boolean;
          force?: boolean;
          signature?: string;
          signatureOption?: string[];
          redis?: boolean;
          queue?: string;
          lenient?: boolean;
          templates?: string | false;
          watch?: boolean;
        } & DeliveryFlags &
          RefFlags,
      ) => {
        if (opts.check && opts.dryRun)
          throw new HookwrightError('--check and --dry-run cannot be used together', {
            hint: '--check is for CI (exit code), --dry-run for people (the list of changes).',
          });
        if (opts.watch && (opts.check || opts.dryRun || opts.diff))
          throw new HookwrightError(
            `--watch cannot be used with ${opts.check ? '--check' : opts.dryRun ? '--dry-run' : '--diff'}`,
            {
              hint: '--watch writes each regeneration; run --dry-run or --check on their own to see what would change.',
            },
          );
        const mode = opts.check ? 'check' : opts.dryRun ? 'dry-run' : 'write';
        const options: GenerateOptions = {
          spec,
          output: opts.output,
          mode,
          force: opts.force,
          signature: opts.signature,
          signatureOptions: opts.signatureOption,
          redis: opts.redis,
          queue: opts.queue,
          lenient: opts.lenient,
          ...deliveryOptions(opts),
          refs: refOptions(opts),
          templates: opts.templates,
          onStage: (stage, detail, ms) => reportStage(output, flags, stage, detail, ms),
        };
        if (opts.watch) {
          exitCode = await watchGenerate(output, flags, options);
          return;
        }
        const result = await generate(options);
        exitCode = reportResult(output, flags, result, Boolean(opts.diff));
      },
    );

  program
    .command('validate')
    .description('load and check a document, and say what a receiver would serve; writes nothing')
    .argument('<spec>', 'AsyncAPI document (YAML or JSON)')
    .addOption(
      new Option('--perspective <side>', 'receiver, provider or auto, as for generate').choices([
        ...PERSPECTIVES,
      ]),
    )
    .addOption(
      new Option('--endpoint <layout>', 'per-channel, single or auto, as for generate').choices([
        ...ENDPOINT_LAYOUTS,
      ]),
    )
    .option('--endpoint-path <path>', 'the route of the single endpoint, as for generate')
    .option('--dispatch <where>', 'header:NAME or body:/json/pointer, as for generate')
    .option('--dispatch-value <source>', 'as for generate')
    .option(
      '--ref-root <dir>',
      "folder that file $refs must stay inside (default: the document's folder)",
    )
    .option('--allow-remote-refs', 'fetch http(s) $refs (off by default)')
    .option(
      '--ref-timeout <ms>',
      'deadline of each remote $ref fetch',
      String(DEFAULT_REF_TIMEOUT_MS),
    )
    .option('--lenient', 'report validation errors as warnings when the document is still usable')
    .action(async (spec: string, opts: DeliveryFlags & RefFlags & { lenient?: boolean }) => {
      const { load } = await import('../load');
      const { plan, nothingToServe } = await import('../plan');
      const started = performance.now();
      const loaded = await load(spec, { ...refOptions(opts), lenient: opts.lenient });
      const ir = plan(loaded.document, deliveryOptions(opts));
      const nothing = nothingToServe(ir, loaded.source);
      if (nothing) throw nothing;
      if (flags.json) {
        output.out(
          JSON.stringify(
            {
              ok: true,
              spec: loaded.source,
              files: loaded.files,
              perspective: ir.perspective,
              endpoint: ir.endpoint,
              dispatch: ir.dispatch,
              operations: ir.operations.map((op) => ({
                id: op.id,
                address: op.channel.address,
                http: op.http,
                messages: op.messages,
              })),
              skipped: ir.skipped,
              warnings: ir.warnings,
              problems: loaded.problems,
            },
            null,
            2,
          ),
        );
        return;
      }
      if (flags.quiet) return;
      reportProblems(output, loaded.problems, false);
      const verdict =
        loaded.problems.length > 0
          ? `is a usable AsyncAPI ${ir.asyncapi} document with ${loaded.problems.length} known problem${loaded.problems.length === 1 ? '' : 's'}`
          : `is a valid AsyncAPI ${ir.asyncapi} document`;
      // The result (the verdict and the route table) on stdout, for pipes
      // (`hookwright validate x.yaml | grep POST`); how it was decided, and warnings, on stderr.
      const result: Output = { ...output, color: output.color && Boolean(process.stdout.isTTY) };
      result.out(
        `${paint(result, 'green', '✔')} ${spec} ${verdict} ${paint(result, 'dim', `(${Math.round(performance.now() - started)} ms)`)}`,
      );
      reportDecisions(output, ir);
      for (const op of ir.operations) {
        const address = ir.endpoint.layout === 'single' ? ir.endpoint.path : op.channel.address;
        result.out(
          `  ${op.http ? paint(result, 'cyan', (op.httpMethod ?? 'POST').padEnd(6)) : paint(result, 'dim', 'no route')} ${address} → ${op.id}`,
        );
      }
      reportSkippedAndWarnings(output, ir.skipped, ir.warnings);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; bad flags with 1.
      return error.exitCode === 0 ? 0 : 1;
    }
    printError(output, flags, asUserError(error));
    return 1;
  }
}

interface DeliveryFlags {
  perspective?: PlanOptions['perspective'];
  endpoint?: PlanOptions['endpoint'];
  endpointPath?: string;
  dispatch?: string;
  dispatchValue?: string;
}

function deliveryOptions(opts: DeliveryFlags): PlanOptions {
  if (opts.dispatchValue !== undefined && opts.dispatch === undefined)
    throw new HookwrightError('--dispatch-value needs --dispatch', {
      hint: 'Say where requests carry their event type too, for example --dispatch header:X-Event-Type.',
    });
  return {
    perspective: opts.perspective,
    endpoint: opts.endpoint,
    endpointPath: opts.endpointPath,
    dispatch: opts.dispatch,
    dispatchValue: opts.dispatchValue,
  };
}

interface RefFlags {
  refRoot?: string;
  allowRemoteRefs?: boolean;
  refTimeout: string;
}

/** The $ref flags of `generate` and `validate`. */
function refOptions(opts: RefFlags): LoadOptions {
  const timeout = /^\d+$/.test(opts.refTimeout) ? Number(opts.refTimeout) : NaN;
  if (!Number.isSafeInteger(timeout) || timeout < 1) {
    throw new HookwrightError(
      `--ref-timeout must be a positive number of milliseconds; got "${opts.refTimeout}"`,
    );
  }
  return {
    refRoot: opts.refRoot,
    allowRemoteRefs: opts.allowRemoteRefs === true,
    refTimeoutMs: timeout,
  };
}
