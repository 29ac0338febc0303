/**
 * The command line: arguments → one call of `generate()` or `validate()` → exit code.
 * Only `main` decides the exit code; user errors are printed plainly, bugs with a
 * request to report them, and stack traces only with --debug.
 */
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { HookwrightError } from './pipeline/errors';
import {
  jsonSummary,
  reportDecisions,
  reportResult,
  reportSkippedAndWarnings,
  reportStage,
} from './cli/report';
import {
  displayPath,
  paint,
  printError,
  unifiedDiff,
  useColor,
  type GlobalFlags,
  type Output,
  type Style,
} from './cli/terminal';
import { generate, type GenerateResult, type Stage } from './pipeline/generate';
import { VERSION } from './pipeline/version';
import type { PlannedFile } from './write';
import type { ReceiverIR } from './plan/ir';
import { ENDPOINT_LAYOUTS, PERSPECTIVES, type PlanOptions } from './plan/delivery';

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
    .addOption(
      new Option(
        '--signature <profile>',
        'signature verification profile, instead of the detected one',
      ).choices(['sinch', 'hmac-sha256', 'none']),
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
    .addHelpText(
      'after',
      `
Examples:
  $ hookwright generate spec/sinch-conversation-webhooks.yaml -o sinch-receiver
  $ hookwright generate asyncapi.yaml -o my-receiver --dry-run
  $ cd my-receiver && hookwright generate            # regenerate from the manifest
  $ hookwright generate --check -o my-receiver       # CI drift gate: exit 1 when out of date
  $ hookwright generate github.yaml -o gh --dispatch header:X-GitHub-Event   # one URL, event type in a header`,
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
        } & DeliveryFlags,
      ) => {
        if (opts.check && opts.dryRun)
          throw new HookwrightError('--check and --dry-run cannot be used together', {
            hint: '--check is for CI (exit code), --dry-run for people (the list of changes).',
          });
        const mode = opts.check ? 'check' : opts.dryRun ? 'dry-run' : 'write';
        const result = await generate({
          spec,
          output: opts.output,
          mode,
          force: opts.force,
          signature: opts.signature,
          ...deliveryOptions(opts),
          onStage: (stage, detail, ms) => reportStage(output, flags, stage, detail, ms),
        });
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
    .action(async (spec: string, opts: DeliveryFlags) => {
      const { load } = await import('./load');
      const { plan, nothingToServe } = await import('./plan');
      const started = performance.now();
      const loaded = await load(spec);
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
            },
            null,
            2,
          ),
        );
        return;
      }
      if (flags.quiet) return;
      output.err(
        `${paint(output, 'green', '✔')} ${spec} is a valid AsyncAPI ${ir.asyncapi} document ${paint(output, 'dim', `(${Math.round(performance.now() - started)} ms)`)}`,
      );
      reportDecisions(output, ir);
      for (const op of ir.operations) {
        const address = ir.endpoint.layout === 'single' ? ir.endpoint.path : op.channel.address;
        output.err(
          `  ${op.http ? paint(output, 'cyan', (op.httpMethod ?? 'POST').padEnd(6)) : paint(output, 'dim', 'no route')} ${address} → ${op.id}`,
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
    printError(output, flags, error);
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

/** One line each: which perspective and endpoint layout, and why. */
