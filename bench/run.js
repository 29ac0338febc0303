#!/usr/bin/env node
'use strict';
/**
 * hookwright's benchmark: `npm run bench` (full) or `npm run bench:quick` (smoke run).
 *
 *   node bench/run.js [--quick] [--runs N] [--duration S] [--no-build] [--skip-cli]
 *                     [--skip-receiver] [--only 1,2,3,4,5] [--rss-method time|preload] [--out FILE]
 *                     [--baseline DIR]
 *
 *   --quick        1 run each, 10× only (no 100×), 2 s load rounds, no warm-ups, AsyncAPI CLI
 *                  rows only if already in bench/.cache; proves the bench runs
 *   --runs N       rounds (pairs) per comparison (default 5; 1 with --quick)
 *   --duration S   seconds per load round (default 10; 2 with --quick)
 *   --no-build     measure dist/ as it is (default: npm run build first)
 *   --only LIST    run only these sections (for working on the bench itself)
 *   --wait-idle S  before each measured run, wait (up to S seconds) until other processes use
 *                  less than 0.15 cores (for a machine shared with other work)
 *   --baseline DIR another hookwright build (a copy of its bin/, dist/, templates/ and
 *                  package.json) to alternate with in section 1, for a before/after ratio
 *
 * Four comparisons, each run in alternation (A B A B ...), reported as medians, min–max and
 * the median of the per-round ratios:
 *
 *   1. cold generation of the Sinch receiver: hookwright vs the floor (bench/floor.js: parser +
 *      Modelina only) vs the AsyncAPI CLI 4.1.1 (`generate models typescript`, and
 *      `generate fromTemplate` with @asyncapi/nodejs-template);
 *   2. `generate --check` on an up-to-date project vs the floor;
 *   3. synthetic 10× and 100× documents (bench/scale-spec.js): hookwright vs the floor;
 *   4. throughput of the generated receiver under signed load (autocannon) vs a bare Fastify
 *      route and a Sinch-SDK-style Express receiver (bench/baselines/);
 *   5. the scale-out layer (bench/scaleout.js): queue mode (BullMQ, two receivers and a worker
 *      on one redis-server of the bench's own) beside direct mode, with a CPU profile.
 *
 * Writes bench/RESULTS.md (a --quick run writes bench/.cache/RESULTS-quick.md instead, so a
 * smoke run never replaces real numbers) and prints the same Markdown on stdout; progress
 * goes to stderr. A missed goal is a result, not a failure: the exit code is 0 unless the
 * bench itself crashed or a hookwright command failed to run at all.
 *
 * Everything the bench installs goes into bench/.cache/ (git-ignored); every request it
 * sends goes to 127.0.0.1.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  measure,
  run,
  tail,
  summary,
  pairedRatios,
  detectRssMethod,
  describeRssMethod,
} = require('./lib/measure');
const cache = require('./lib/cache');
const { startServer, probe, loadOnce } = require('./lib/load');
const { renderReport, fmtMs } = require('./lib/report');
const machine = require('./lib/machine');
const { scaleFile, readDocument, writeDocument } = require('./scale-spec');
const { scaleOut } = require('./scaleout');

const ROOT = path.resolve(__dirname, '..');
const BENCH = __dirname;
const CACHE = cache.CACHE;
const SPEC = path.join(ROOT, 'spec', 'sinch-conversation-webhooks.yaml');
/** bin/hookwright.js of the snapshot taken at start (see snapshotHookwright); set by main. */
let HOOKWRIGHT = path.join(ROOT, 'bin', 'hookwright.js');
const FLOOR = path.join(BENCH, 'floor.js');
const NODE = process.execPath;
const SPEC_CHANNELS = Object.keys(readDocument(SPEC).channels ?? {}).length;

// ---- options ----------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {
    quick: false,
    runs: undefined,
    duration: undefined,
    build: true,
    skipCli: false,
    skipReceiver: false,
    only: undefined,
    waitIdle: 0,
    rssMethod: undefined,
    out: undefined,
    baseline: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') opts.quick = true;
    else if (arg === '--runs') opts.runs = Number(value());
    else if (arg.startsWith('--runs=')) opts.runs = Number(arg.slice(7));
    else if (arg === '--duration') opts.duration = Number(value());
    else if (arg === '--no-build') opts.build = false;
    else if (arg === '--skip-cli') opts.skipCli = true;
    else if (arg === '--skip-receiver') opts.skipReceiver = true;
    else if (arg === '--rss-method') opts.rssMethod = value();
    else if (arg === '--wait-idle') opts.waitIdle = Number(value());
    else if (arg === '--only') opts.only = new Set(value().split(',').map(Number));
    else if (arg === '--out') opts.out = path.resolve(value());
    else if (arg === '--baseline') opts.baseline = path.resolve(value());
    else if (arg === '--help' || arg === '-h') opts.help = true;
    else throw new Error(`unknown argument ${arg} (see the top of bench/run.js)`);
  }
  if (opts.baseline && !fs.existsSync(path.join(opts.baseline, 'bin', 'hookwright.js')))
    throw new Error(`--baseline ${opts.baseline}: no bin/hookwright.js there`);
  opts.runs ??= opts.quick ? 1 : 5;
  opts.duration ??= opts.quick ? 2 : 10;
  if (!Number.isInteger(opts.runs) || opts.runs < 1)
    throw new Error('--runs takes a positive integer');
  if (!(opts.duration > 0)) throw new Error('--duration takes a number of seconds');
  if (opts.rssMethod && !['time', 'preload'].includes(opts.rssMethod))
    throw new Error('--rss-method is time or preload');
  opts.out ??= opts.quick ? path.join(CACHE, 'RESULTS-quick.md') : path.join(BENCH, 'RESULTS.md');
  return opts;
}

const log = (line = '') => process.stderr.write(`${line}\n`);

/** Set by main from --wait-idle: the longest wait for a quiet machine before one measured run, in s. */
let waitIdleSeconds = 0;
const idleWaits = { runs: 0, waited: 0, gaveUp: 0 };

/**
 * With --wait-idle: sample other processes' CPU use (0.5 s at a time) until it is below 0.15
 * cores or the time is up. Counts what happened for the report.
 */
async function waitForIdle() {
  if (!waitIdleSeconds) return;
  idleWaits.runs++;
  const deadline = Date.now() + waitIdleSeconds * 1000;
  let first = true;
  for (;;) {
    const load = await machine.sample(500);
    if (!load || load.otherCores < 0.15) return;
    if (first) {
      idleWaits.waited++;
      log(`    waiting for a quiet machine (other processes: ${load.otherCores.toFixed(2)} cores)`);
      first = false;
    }
    if (Date.now() > deadline) {
      idleWaits.gaveUp++;
      log('    still busy; measuring anyway');
      return;
    }
  }
}

// ---- running commands in alternation ----------------------------------------------------

/** Number of files under `dir` (0 when it does not exist). */
function countFiles(dir) {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) n++;
  return n;
}

/**
 * A measured command:
 *   { id, label, display, file, args(outDir) => argv, cwd?, env?, writes = true, unavailable?: reason }
 * `args` receives a fresh, not yet existing folder under the system temp dir for each run;
 * commands that write are expected to exit 0 and to have written at least one file there.
 */
async function runOnce(command) {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hookwright-bench-'));
  const out = path.join(parent, 'out');
  try {
    const before = machine.snapshot();
    const result = await measure(command.file, command.args(out), {
      cwd: command.cwd ?? ROOT,
      env: command.env,
    });
    const otherCores = machine.between(before, machine.snapshot())?.otherCores;
    if (result.timedOut) return { problem: 'timed out' };
    if (result.code !== 0) {
      return {
        problem: `exit ${result.code}${result.signal ? ` (${result.signal})` : ''}: ${tail(`${result.stdout}\n${result.stderr}`)}`,
      };
    }
    const files = command.writes === false ? undefined : countFiles(out);
    if (files === 0)
      return {
        problem: `exit 0 but no file written: ${tail(`${result.stdout}\n${result.stderr}`)}`,
      };
    return { ms: result.ms, rssKB: result.rssKB, files, otherCores };
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
}

/**
 * Runs `commands` in alternation: an optional unrecorded warm-up of each, then `runs` rounds
 * of A B C .... A command that fails is reported with its reason and not run again.
 * Resolves one state per command: { command, ms: [per round], rssKB: [per round], files, status, reason }.
 */
async function alternate(commands, { runs, warmup }) {
  const states = commands.map((command) => ({
    command,
    ms: [],
    rssKB: [],
    files: undefined,
    disturbed: 0,
    status: command.unavailable ? 'unavailable' : 'ok',
    reason: command.unavailable,
  }));
  const active = () => states.filter((s) => s.status === 'ok');
  const fail = (state, problem) => {
    state.status = 'failed';
    state.reason = problem;
    log(`    ${state.command.label}: FAILED ${problem}`);
  };
  if (warmup) {
    for (const state of active()) {
      log(`  warm-up: ${state.command.label}`);
      const result = await runOnce(state.command);
      if (result.problem) fail(state, result.problem);
    }
  }
  for (let round = 0; round < runs; round++) {
    for (const state of active()) {
      await waitForIdle();
      const result = await runOnce(state.command);
      if (result.problem) {
        fail(state, result.problem);
        continue;
      }
      state.ms[round] = result.ms;
      state.rssKB[round] = result.rssKB;
      state.files ??= result.files;
      const disturbed = result.otherCores !== undefined && result.otherCores >= DISTURBED;
      if (disturbed) state.disturbed++;
      log(
        `  round ${round + 1}/${runs}  ${state.command.label.padEnd(44)} ${fmtMs(result.ms).padStart(9)}  ${result.rssKB ? `${Math.round(result.rssKB / 1024)} MB` : ''}${disturbed ? `  (disturbed: others used ${result.otherCores.toFixed(2)} cores)` : ''}`,
      );
    }
  }
  return states;
}

/** A run during which other processes used at least this many cores on average counts as disturbed. */
const DISTURBED = 0.2;

/** A report row from a command's state. */
function row(state) {
  return {
    disturbed:
      state.status === 'ok' || state.ms.length
        ? `${state.disturbed}/${state.ms.filter(Number.isFinite).length}`
        : undefined,
    label: state.command.label,
    command: state.command.display,
    status: state.status,
    reason: state.reason,
    wall: summary(state.ms),
    rss: summary(state.rssKB),
    files: state.files,
  };
}

/**
 * A comparison of two states' series (a ÷ b per round). `test` decides the goal from the
 * median ratio; a comparison with a side that did not run is "not measured".
 */
function compare(label, a, b, { metric = 'ms', goal, test, note } = {}) {
  const ratio =
    a && b && a.status === 'ok' && b.status === 'ok'
      ? pairedRatios(a[metric], b[metric])
      : undefined;
  const missing = [a, b]
    .filter((s) => !s || s.status !== 'ok')
    .map((s) => (s ? `${s.command.label} ${s.status}` : 'not run'));
  return {
    label,
    ratio,
    goal,
    met: ratio && test ? test(ratio.median) : undefined,
    note: missing.length ? missing.join('; ') : note,
  };
}

// ---- the hookwright under test -----------------------------------------------------------

/**
 * Copies the built hookwright (bin/, dist/, templates/, package.json) into
 * bench/.cache/hookwright-snapshot/ and returns its bin/hookwright.js. Every hookwright run of
 * the bench uses this copy, so that a rebuild of dist/ while the bench runs (`npm test`
 * rebuilds it) cannot change the code under measurement half-way. Its dependencies still
 * resolve from /work/main/node_modules (Node looks in the parent folders).
 */
function snapshotHookwright() {
  const dest = path.join(CACHE, 'hookwright-snapshot');
  fs.rmSync(dest, { recursive: true, force: true });
  for (const entry of ['bin', 'dist', 'templates', 'package.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dest, entry), { recursive: true });
  }
  return path.join(dest, 'bin', 'hookwright.js');
}

// ---- where the time goes ---------------------------------------------------------------

/**
 * One extra, unrecorded run of hookwright (without -q: it prints each stage's time) and of
 * the floor (with --timings), for a breakdown of where each one's wall time goes.
 * Resolves a Markdown table, or undefined when either run fails.
 */
async function breakdown(spec, { baseline, rounds = 1 } = {}) {
  const runs = [
    ['hookwright generate', NODE, [HOOKWRIGHT, 'generate', spec, '-o', null, '--no-color']],
    ['floor', NODE, [FLOOR, spec, null, '--timings']],
    ...(baseline
      ? [
          [
            'hookwright generate (baseline)',
            NODE,
            [
              path.join(baseline, 'bin', 'hookwright.js'),
              'generate',
              spec,
              '-o',
              null,
              '--no-color',
            ],
          ],
        ]
      : []),
  ];
  // Per command: its wall times and each stage's times, over the rounds (in alternation).
  const seen = runs.map(() => ({ wall: [], stages: new Map() }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, [, file, template]] of runs.entries()) {
      if (rounds > 1) await waitForIdle();
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hookwright-bench-b-'));
      try {
        const result = await measure(
          file,
          template.map((a) => a ?? path.join(parent, 'out')),
          { cwd: ROOT, env: { NO_COLOR: '1' } },
        );
        if (result.code !== 0) return undefined;
        seen[i].wall.push(result.ms);
        for (const line of result.stderr.split('\n')) {
          const match =
            /^(load|plan|models|render|format|write|start-up|require-parser|parse|require-modelina)\s.*?(\d+) ms$/.exec(
              line.trim(),
            );
          if (match)
            seen[i].stages.set(match[1], [
              ...(seen[i].stages.get(match[1]) ?? []),
              Number(match[2]),
            ]);
        }
      } finally {
        fs.rmSync(parent, { recursive: true, force: true });
      }
    }
  }
  const median = (values) => summary(values).median;
  const lines = [
    '| command | wall | stages as the program reports them | outside the reported stages |',
    '| --- | --- | --- | --- |',
  ];
  for (const [i, [label]] of runs.entries()) {
    const stages = [...seen[i].stages].map(([name, values]) => [name, median(values)]);
    const wall = median(seen[i].wall);
    const inside = stages.reduce((sum, [, ms]) => sum + ms, 0);
    lines.push(
      `| ${label} | ${fmtMs(wall)} | ${stages.map(([name, ms]) => `${name} ${fmtMs(ms)}`).join(' · ')} | ${fmtMs(Math.max(0, wall - inside))} |`,
    );
  }
  const what =
    rounds > 1
      ? `${rounds} extra runs of each, alternating, not part of the statistics above; medians`
      : 'one extra run of each, not part of the statistics above';
  let text = `Where the time goes (${what}; hookwright's own stage timings, the floor's from \`--timings\`; "outside" is process start-up, module loading before the first stage, and exit):\n\n${lines.join('\n')}`;
  if (baseline) {
    const [mine, , theirs] = seen;
    const ratios = [...mine.stages.keys()]
      .filter((name) => theirs.stages.has(name))
      .map((name) => {
        const a = median(mine.stages.get(name));
        const b = median(theirs.stages.get(name));
        return `${name} ${b > 0 ? `${(a / b).toFixed(2)}×` : '–'}`;
      });
    text += `\n\nStage by stage, this build ÷ the baseline (medians above): ${ratios.join(' · ')}.`;
  }
  return text;
}

// ---- the commands -----------------------------------------------------------------------

const hookwrightGenerate = (spec, label) => ({
  id: 'hookwright',
  label,
  display: `node bin/hookwright.js generate ${path.relative(ROOT, spec)} -o <fresh dir> -q`,
  file: NODE,
  args: (out) => [HOOKWRIGHT, 'generate', spec, '-o', out, '-q'],
});

const floor = (spec, label) => ({
  id: 'floor',
  label,
  display: `node bench/floor.js ${path.relative(ROOT, spec)} <fresh dir>`,
  file: NODE,
  args: (out) => [FLOOR, spec, out],
});

/** `bench/validator-startup.js` on the hookwright build in `root` (it writes nothing). */
const validatorStartup = (root, label) => ({
  id: 'validator',
  label,
  display: `node bench/validator-startup.js ${path.relative(ROOT, root) || '.'}`,
  file: NODE,
  args: () => [path.join(BENCH, 'validator-startup.js'), root],
  writes: false,
});

/** Environment of every AsyncAPI CLI run: telemetry off, no "new version" check. */
function asyncapiEnv() {
  const metrics = path.join(cache.bundleDir('asyncapiCli'), 'analytics-disabled.json');
  fs.mkdirSync(path.dirname(metrics), { recursive: true });
  fs.writeFileSync(metrics, '{"analyticsEnabled":"false"}');
  return { ASYNCAPI_METRICS_CONFIG_PATH: metrics, ASYNCAPI_SKIP_NEW_VERSION_CHECK: 'true' };
}

/**
 * The Sinch document with its server's protocol changed to `ws` (the Node.js template has no
 * HTTP support) and a concrete URL instead of the `{webhookTarget}` variable (the template
 * parses the server URL). Resolves { file, server }.
 */
function wsSpec() {
  const doc = readDocument(SPEC);
  const servers = doc.servers ?? {};
  for (const server of Object.values(servers)) {
    server.protocol = 'ws';
    server.url = 'ws://127.0.0.1:8080';
    delete server.variables;
  }
  const file = writeDocument(doc, path.join(CACHE, 'specs', 'sinch-conversation-webhooks.ws.yaml'));
  return { file, server: Object.keys(servers)[0] };
}

async function asyncapiCommands(opts) {
  const unavailable = (reason) => [
    { id: 'cli-models', label: 'asyncapi generate models typescript', unavailable: reason },
    {
      id: 'cli-template',
      label: 'asyncapi generate fromTemplate (nodejs-template)',
      unavailable: reason,
    },
  ];
  if (opts.skipCli) return unavailable('skipped (--skip-cli)');
  const allowInstall = !opts.quick;
  const cli = await cache.ensure('asyncapiCli', { allowInstall, log });
  if (!cli.ok) return unavailable(cli.reason);
  const bin = path.join(cli.dir, 'node_modules', '.bin', 'asyncapi');
  const env = asyncapiEnv();
  const models = {
    id: 'cli-models',
    label: 'asyncapi generate models typescript',
    display: `asyncapi generate models typescript ${path.relative(ROOT, SPEC)} -o <fresh dir> --no-interactive`,
    file: bin,
    env,
    args: (out) => ['generate', 'models', 'typescript', SPEC, '-o', out, '--no-interactive'],
  };
  const template = await cache.ensure('nodejsTemplate', { allowInstall, log });
  if (!template.ok) return [models, { ...unavailable(template.reason)[1] }];
  const templateDir = path.join(template.dir, 'node_modules', '@asyncapi', 'nodejs-template');
  const ws = wsSpec();
  const fromTemplate = {
    id: 'cli-template',
    label: 'asyncapi generate fromTemplate (nodejs-template)',
    display: `asyncapi generate fromTemplate ${path.relative(ROOT, ws.file)} ${path.relative(ROOT, templateDir)} -o <fresh dir> -p server=${ws.server} --force-write --no-interactive --registry-url ''`,
    file: bin,
    env,
    // --registry-url '' skips the CLI's reachability check of the npm registry; the template
    // is passed by path (installed with its dependencies), so nothing is fetched.
    args: (out) => [
      'generate',
      'fromTemplate',
      ws.file,
      templateDir,
      '-o',
      out,
      '-p',
      `server=${ws.server}`,
      '--force-write',
      '--no-interactive',
      '--registry-url',
      '',
    ],
  };
  return [models, fromTemplate];
}

// ---- sections ---------------------------------------------------------------------------

const RSS_NOTE = 'Peak RSS is of the measured process (see "peak memory measured with" above).';

async function coldGeneration(opts) {
  log('\n== 1. cold generation of the Sinch receiver');
  const baseline = opts.baseline && {
    ...hookwrightGenerate(SPEC, 'hookwright generate (baseline)'),
    id: 'baseline',
    display: `node ${path.relative(ROOT, path.join(opts.baseline, 'bin', 'hookwright.js'))} generate ${path.relative(ROOT, SPEC)} -o <fresh dir> -q`,
    args: (out) => [
      path.join(opts.baseline, 'bin', 'hookwright.js'),
      'generate',
      SPEC,
      '-o',
      out,
      '-q',
    ],
  };
  const commands = [
    hookwrightGenerate(SPEC, 'hookwright generate'),
    floor(SPEC, 'floor (parser + Modelina)'),
    ...(await asyncapiCommands(opts)),
    ...(baseline ? [baseline] : []),
  ];
  const states = await alternate(commands, { runs: opts.runs, warmup: !opts.quick });
  const [hw, fl, models, template] = states;
  const base = baseline ? states[states.length - 1] : undefined;
  // The validator's start-up (item 2 of the house issue): load it and check one value, in a
  // process of its own, this build against the baseline's.
  const validators = baseline
    ? await alternate(
        [
          validatorStartup(path.dirname(path.dirname(HOOKWRIGHT)), 'validator start-up'),
          validatorStartup(opts.baseline, 'validator start-up (baseline)'),
        ],
        { runs: opts.runs, warmup: !opts.quick },
      )
    : [];
  log('  breakdown runs');
  const extra = await breakdown(SPEC, {
    baseline: opts.baseline,
    rounds: opts.baseline ? opts.runs : 1,
  });
  return {
    section: {
      title: `1. Cold generation: Sinch Conversation receiver (${SPEC_CHANNELS} channels)`,
      short: '1. generate',
      about: [
        'Each run is a new process writing into a new, empty folder (OS file cache warm: one unrecorded warm-up run of each command first, except with --quick).',
        `Wall time is spawn → exit, measured by the bench around the child process. ${RSS_NOTE}`,
        'hookwright writes the whole project (models, runtime, routes, handlers, tests, prettier-formatted); the floor writes only the Modelina models; the Node.js template needs a copy of the document with `protocol: ws` (`bench/.cache/specs/`).',
      ],
      rows: [...states, ...validators].map(row),
      comparisons: [
        compare('hookwright ÷ floor, wall time', hw, fl, {
          goal: '≤ 1.00×',
          test: (r) => r <= 1.0,
        }),
        compare('hookwright ÷ floor, peak RSS', hw, fl, { metric: 'rssKB' }),
        compare('hookwright ÷ asyncapi fromTemplate, wall time', hw, template, {
          goal: '≤ 0.33× (≥ 3× faster)',
          test: (r) => r <= 1 / 3,
        }),
        compare('hookwright ÷ asyncapi generate models, wall time', hw, models),
        ...(base
          ? [
              compare('hookwright ÷ baseline hookwright (--baseline), wall time', hw, base, {
                goal: '≤ 1.00× (no slower)',
                test: (r) => r <= 1.0,
              }),
              compare('hookwright ÷ baseline hookwright (--baseline), peak RSS', hw, base, {
                metric: 'rssKB',
              }),
              compare(
                'validator start-up ÷ baseline (process: load the validator, check one value)',
                validators[0],
                validators[1],
                { note: 'inside generate, the worker thread loads it while the document loads' },
              ),
            ]
          : []),
      ],
      extra,
    },
    states: { hw, fl },
  };
}

async function checkUpToDate(opts) {
  log('\n== 2. generate --check on an up-to-date project');
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'hookwright-bench-check-'));
  const prepared = await run(NODE, [HOOKWRIGHT, 'generate', SPEC, '-o', project, '-q'], {
    cwd: ROOT,
  });
  const check = {
    id: 'check',
    label: 'hookwright generate --check',
    display: 'node bin/hookwright.js generate --check -o <generated project> -q',
    file: NODE,
    writes: false,
    args: () => [HOOKWRIGHT, 'generate', '--check', '-o', project, '-q'],
    unavailable:
      prepared.code === 0
        ? undefined
        : `could not generate the project to check: ${tail(prepared.output)}`,
  };
  try {
    const states = await alternate([check, floor(SPEC, 'floor (parser + Modelina)')], {
      runs: opts.runs,
      warmup: false,
    });
    const [ck, fl] = states;
    return {
      section: {
        title: '2. `generate --check` on an up-to-date project',
        short: '2. --check',
        about: [
          'The project is generated once (not timed); each run then checks it (exit 0 = up to date; any other exit fails the row). The floor generates from scratch, as in section 1.',
          RSS_NOTE,
        ],
        rows: states.map(row),
        comparisons: [
          compare('--check ÷ floor, wall time', ck, fl, { goal: '≤ 0.20×', test: (r) => r <= 0.2 }),
          compare('--check ÷ floor, peak RSS', ck, fl, { metric: 'rssKB' }),
        ],
      },
      states: { ck, fl },
    };
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

async function scaling(opts, base) {
  const factors = opts.quick ? [10] : [10, 100];
  log(`\n== 3. scaling: ${factors.map((f) => `${f}×`).join(', ')}`);
  const rows = [];
  const comparisons = [];
  const perFactor = [];
  const breakdowns = [];
  for (const factor of factors) {
    const scaled = scaleFile(factor, path.join(CACHE, 'specs', `sinch-x${factor}.yaml`), SPEC);
    log(
      `  ${path.relative(ROOT, scaled.file)}: ${scaled.channels} channels, ${scaled.messages} messages, ${scaled.schemas} schemas`,
    );
    const states = await alternate(
      [
        hookwrightGenerate(scaled.file, `hookwright generate ${factor}×`),
        floor(scaled.file, `floor ${factor}×`),
      ],
      { runs: opts.runs, warmup: false },
    );
    const [hw, fl] = states;
    rows.push(...states.map(row));
    comparisons.push(
      compare(`${factor}×: hookwright ÷ floor, wall time`, hw, fl, {
        goal: '≤ 1.00×',
        test: (r) => r <= 1.0,
      }),
      compare(`${factor}×: hookwright ÷ floor, peak RSS`, hw, fl, {
        metric: 'rssKB',
        goal: '≤ 1.00×',
        test: (r) => r <= 1.0,
      }),
    );
    perFactor.push({ factor, channels: scaled.channels, hw, fl });
    log(`  breakdown run ${factor}×`);
    const table = await breakdown(scaled.file);
    if (table) breakdowns.push(`${factor}×: ${table}`);
  }

  // Cost per channel: 1× comes from section 1. Linear growth: t(100×) / t(10×) ≈ 10.
  const median = (state) =>
    state && state.status === 'ok' ? summary(state.ms)?.median : undefined;
  const points = [{ factor: 1, channels: SPEC_CHANNELS, hw: base.hw, fl: base.fl }, ...perFactor];
  const perChannel = (ms, channels) =>
    ms === undefined ? '–' : `${(ms / channels).toFixed(1)} ms`;
  const lines = [
    '| factor | channels | hookwright median | hookwright per channel | floor median | floor per channel |',
    '| --- | --- | --- | --- | --- | --- |',
    ...points.map(
      (p) =>
        `| ${p.factor}× | ${p.channels} | ${fmtMs(median(p.hw))} | ${perChannel(median(p.hw), p.channels)} | ${fmtMs(median(p.fl))} | ${perChannel(median(p.fl), p.channels)} |`,
    ),
  ];
  const notes = [];
  const at = (factor) => points.find((p) => p.factor === factor);
  if (at(10) && at(100)) {
    for (const [name, key] of [
      ['hookwright', 'hw'],
      ['floor', 'fl'],
    ]) {
      const t10 = median(at(10)[key]);
      const t100 = median(at(100)[key]);
      if (t10 === undefined || t100 === undefined) continue;
      const marginal = (t100 - t10) / (at(100).channels - at(10).channels);
      notes.push(
        `${name}: t(100×) ÷ t(10×) = ${(t100 / t10).toFixed(2)} (10 would be exactly linear including start-up; less means a fixed start-up cost dominates at 10×, more means worse than linear); marginal cost ${marginal.toFixed(1)} ms per extra channel between 10× and 100×.`,
      );
    }
  }
  return {
    section: {
      title: '3. Scaling: synthetic 10× and 100× documents',
      short: '3. scaling',
      about: [
        '`bench/scale-spec.js` copies every channel, operation, message and schema of the Sinch document N times with a numeric suffix (`/conversation/message-inbound-7`, `receiveInboundMessage7`, `MessageInbound7`, `MessageInboundPayload7`) and rewrites the `$ref`s; the files are in `bench/.cache/specs/`. Each run is a fresh process into a fresh folder.',
        RSS_NOTE,
      ],
      rows,
      comparisons,
      extra: [
        `Cost per channel (median wall time ÷ channels):\n\n${lines.join('\n')}`,
        ...breakdowns,
      ].join('\n\n'),
      notes,
    },
  };
}

/** A realistic MESSAGE_INBOUND callback, as Sinch sends it (compact JSON, ~700 bytes). */
const INBOUND_BODY = JSON.stringify({
  app_id: '01EB37HMH1M6SV18ASNS3G135H',
  accepted_time: '2024-01-15T09:30:00.123Z',
  event_time: '2024-01-15T09:29:59.870Z',
  project_id: 'c36f3d3d-1513-4edd-ae42-11995557ff61',
  message: {
    id: '01EKA07N79THJ20WSN6AS30TMW',
    direction: 'TO_APP',
    contact_message: {
      text_message: { text: 'Hello, I would like to change my delivery address for order 4711.' },
    },
    channel_identity: {
      channel: 'WHATSAPP',
      identity: '46732001122',
      app_id: '01EB37HMH1M6SV18ASNS3G135H',
    },
    conversation_id: '01EQ8235TD19N21XQTH12B145D',
    contact_id: '01EXA07N79THJ20WSN6AS30TMW',
    metadata: '',
    accept_time: '2024-01-15T09:30:00.120Z',
  },
  message_metadata: '',
});
const ROUTE = '/conversation/message-inbound';
const SECRET = 'bench-secret-0123456789abcdef';

/** Generates the Sinch receiver into bench/.cache/receiver, installs and builds it. */
async function prepareReceiver() {
  const dir = path.join(CACHE, 'receiver');
  fs.mkdirSync(dir, { recursive: true });
  // A fresh project each time; node_modules (and its lock) are kept so that npm install is quick.
  for (const entry of fs.readdirSync(dir)) {
    if (entry !== 'node_modules' && entry !== 'package-lock.json')
      fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  log(`  generating the receiver into ${path.relative(ROOT, dir)}`);
  const steps = [
    ['hookwright generate', NODE, [HOOKWRIGHT, 'generate', SPEC, '-o', dir, '-q', '--force'], ROOT],
    ['npm install', 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir],
    ['npm run build', 'npm', ['run', 'build'], dir],
  ];
  for (const [name, command, args, cwd] of steps) {
    log(`  ${name}`);
    const result = await run(command, args, { cwd });
    if (result.code !== 0)
      throw new Error(`${name} failed for the generated receiver: ${tail(result.output)}`);
  }
  const server = path.join(dir, 'dist', 'src', 'server.js');
  if (!fs.existsSync(server))
    throw new Error(`the receiver built, but ${path.relative(ROOT, server)} is missing`);
  return { dir, server };
}

async function throughput(opts) {
  log('\n== 4. receiver throughput');
  const section = {
    title: '4. Receiver throughput: signed MESSAGE_INBOUND callbacks on 127.0.0.1',
    short: '4. receiver',
    about: [
      `autocannon (programmatic API, in the bench process) with 10 keep-alive connections, no pipelining, ${opts.duration} s per round, POST ${ROUTE} with a ${INBOUND_BODY.length}-byte inbound-message body; every request is signed the way Sinch signs (base64 HMAC-SHA256 of body.nonce.timestamp, x-sinch-webhook-signature{,-nonce,-timestamp,-algorithm}) with a fresh nonce in the setupRequest hook — all three servers get the same requests.`,
      `Servers: the generated receiver (\`node dist/src/server.js\`, LOG_LEVEL=warn); (a) \`bench/baselines/fastify-bare.js\`, one Fastify route with the default JSON parser and nothing else; (b) \`bench/baselines/sinch-sdk-express.js\`, Express + express.json + @sinch/sdk-core's ConversationCallbackWebhooks, as in Sinch's SDK example. Rounds alternate receiver, (a), (b)${opts.quick ? '' : ', after a 2 s unrecorded warm-up of each'}.`,
      'req/s counts 2xx responses per second; latency percentiles are of 2xx responses, from autocannon\'s per-response timings. A round with any non-2xx response or socket error makes that server\'s result invalid. Server peak RSS is the kernel\'s VmHWM at the end. Client and server share the machine\'s cores: "server CPU" and "client CPU" are CPU time ÷ wall time of the server process and of the bench process (autocannon + signing), 1.00 = one core busy; a server near 1.00 is the bottleneck, a client near 1.00 may be limiting the numbers.',
    ],
    throughput: [],
    comparisons: [],
    notes: [],
  };
  const labels = {
    receiver: 'hookwright receiver',
    bare: '(a) bare Fastify route',
    sdk: '(b) Sinch SDK + Express',
  };
  const unavailable = (reason) => {
    section.throughput = Object.values(labels).map((label) => ({
      label,
      status: 'unavailable',
      reason,
    }));
    section.comparisons = [
      { label: 'receiver ÷ bare Fastify, req/s', goal: '≥ 0.80×', note: reason },
      { label: 'receiver ÷ Sinch SDK + Express, req/s', goal: '> 1.00× (ahead)', note: reason },
    ];
    return { section };
  };
  if (opts.skipReceiver) return unavailable('skipped (--skip-receiver)');

  const tools = await cache.ensure('loadTools', { log });
  if (!tools.ok) return unavailable(tools.reason);
  const sdk = await cache.ensure('sinchSdk', { log });
  if (!sdk.ok)
    section.notes.push(
      `@sinch/sdk-core could not be installed (${sdk.reason}); baseline (b) runs the SDK-style stand-in.`,
    );
  const autocannon = require(require.resolve('autocannon', { paths: [tools.dir] }));

  let receiver;
  try {
    receiver = await prepareReceiver();
  } catch (error) {
    return unavailable(error.message);
  }

  const servers = {};
  const started = [];
  try {
    const specs = {
      receiver: {
        script: receiver.server,
        cwd: receiver.dir,
        env: { WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'warn' },
      },
      bare: {
        script: path.join(BENCH, 'baselines', 'fastify-bare.js'),
        cwd: BENCH,
        env: { BENCH_RECEIVER_DIR: receiver.dir, BENCH_ROUTE: ROUTE },
      },
      sdk: {
        script: path.join(BENCH, 'baselines', 'sinch-sdk-express.js'),
        cwd: BENCH,
        env: { BENCH_TOOLS_DIR: tools.dir, BENCH_ROUTE: ROUTE, WEBHOOK_SECRET: SECRET },
      },
    };
    for (const [key, spec] of Object.entries(specs)) {
      const state = {
        key,
        label: labels[key],
        status: 'ok',
        rps: [],
        p50: [],
        p99: [],
        serverCpu: [],
        clientCpu: [],
        non2xx: 0,
        errors: 0,
        disturbed: 0,
      };
      servers[key] = state;
      try {
        state.server = await startServer({ name: labels[key], ...spec });
        started.push(state.server);
      } catch (error) {
        state.status = 'unavailable';
        state.reason = error.message;
        continue;
      }
      // What the server does with a good signature, a replay of it and a wrong signature.
      const checks = await probe(`${state.server.url}${ROUTE}`, INBOUND_BODY, SECRET);
      state.checks = checks;
      section.notes.push(
        `${labels[key]}: signed → ${checks.signed}, same nonce again → ${checks.replay}, wrong signature → ${checks.badSignature}.`,
      );
      if (checks.signed < 200 || checks.signed >= 300) {
        state.status = 'failed';
        state.reason = `a correctly signed request got ${checks.signed}: ${tail(state.server.output())}`;
      }
      const banner = state.server
        .output()
        .split('\n')
        .find((l) => /listening/.test(l));
      if (key === 'sdk' && banner) {
        const validator = /\(validator: (.*)\)/.exec(banner)?.[1];
        if (validator && /stand-in/.test(validator))
          state.label = '(b) Sinch SDK style (stand-in) + Express';
        if (validator) section.notes.push(`(b) validator: ${validator}.`);
      }
    }
    const active = () => Object.values(servers).filter((s) => s.status === 'ok');
    const target = (s) => ({
      url: `${s.server.url}${ROUTE}`,
      body: INBOUND_BODY,
      secret: SECRET,
      serverPid: s.server.pid,
    });

    if (!opts.quick) {
      for (const state of active()) {
        log(`  warm-up: ${state.label}`);
        await loadOnce(autocannon, { ...target(state), durationS: 2 });
      }
    }
    for (let round = 0; round < opts.runs; round++) {
      for (const state of active()) {
        await waitForIdle();
        if (state.server.exited()) {
          state.status = 'failed';
          state.reason = `the server stopped before round ${round + 1} (${state.server.exited()}): ${tail(state.server.output())}`;
          log(`  ${state.label}: ${state.reason}`);
          continue;
        }
        const before = machine.snapshot();
        const result = await loadOnce(autocannon, { ...target(state), durationS: opts.duration });
        // The servers run outside the bench's waited-for process tree: take the loaded one out.
        const others = machine.between(before, machine.snapshot());
        const otherCores = others
          ? Math.max(0, others.otherCores - (result.serverCpu ?? 0))
          : undefined;
        if (otherCores !== undefined && otherCores >= DISTURBED) state.disturbed++;
        state.rps[round] = result.rps;
        state.p50[round] = result.p50;
        state.p99[round] = result.p99;
        state.serverCpu[round] = result.serverCpu;
        state.clientCpu[round] = result.clientCpu;
        state.non2xx += result.non2xx;
        state.errors += result.errors + result.timeouts;
        const codes = Object.entries(result.statuses)
          .map(([code, n]) => `${code}×${n}`)
          .join(' ');
        log(
          `  round ${round + 1}/${opts.runs}  ${state.label.padEnd(40)} ${Math.round(result.rps).toString().padStart(7)} req/s  p50 ${result.p50?.toFixed(2)} ms  p99 ${result.p99?.toFixed(2)} ms  cpu server ${result.serverCpu?.toFixed(2)} client ${result.clientCpu?.toFixed(2)}  [${codes}${result.errors ? ` errors×${result.errors}` : ''}]${otherCores >= DISTURBED ? `  (disturbed: others used ${otherCores.toFixed(2)} cores)` : ''}`,
        );
      }
    }
    for (const state of Object.values(servers)) {
      if (state.server) state.peakRssKB = state.server.peakRssKB();
      if (state.status === 'ok' && state.server?.exited()) {
        state.status = 'failed';
        state.reason = `the server stopped during the load (${state.server.exited()}): ${tail(state.server.output())}`;
      } else if (state.status === 'ok' && (state.non2xx > 0 || state.errors > 0)) {
        state.status = 'failed';
        state.reason = `invalid: ${state.non2xx} non-2xx responses, ${state.errors} errors/timeouts`;
      }
    }
  } finally {
    for (const server of started) await server.stop();
  }

  section.throughput = Object.values(servers).map((s) => ({
    label: s.label,
    status: s.status,
    reason: s.reason,
    rps: summary(s.rps),
    p50: summary(s.p50),
    p99: summary(s.p99),
    serverCpu: summary(s.serverCpu),
    clientCpu: summary(s.clientCpu),
    disturbed: s.rps.length ? `${s.disturbed}/${s.rps.filter(Number.isFinite).length}` : undefined,
    non2xx: s.non2xx,
    errors: s.errors,
    peakRssKB: s.peakRssKB,
  }));
  for (const s of Object.values(servers)) {
    const client = summary(s.clientCpu)?.median;
    if (s.status === 'ok' && client !== undefined && client >= 0.9) {
      section.notes.push(
        `${s.label}: the load generator was the limit (client CPU ${client.toFixed(2)} of one core; server ${summary(s.serverCpu)?.median?.toFixed(2)}), so this server can take more than measured and any ratio against it is flattering to the other side.`,
      );
    }
  }
  // compare() works on { status, <metric>: [per round] } states.
  const st = (s) => ({ ...s, command: { label: s.label } });
  const { receiver: rc, bare, sdk: sd } = servers;
  section.comparisons = [
    compare('receiver ÷ bare Fastify, req/s', st(rc), st(bare), {
      metric: 'rps',
      goal: '≥ 0.80×',
      test: (r) => r >= 0.8,
    }),
    compare(`receiver ÷ ${sd.label.replace(/^\(b\) /, '')}, req/s`, st(rc), st(sd), {
      metric: 'rps',
      goal: '> 1.00× (ahead)',
      test: (r) => r > 1.0,
    }),
    compare('receiver ÷ bare Fastify, p99 latency', st(rc), st(bare), { metric: 'p99' }),
    compare(`receiver ÷ ${sd.label.replace(/^\(b\) /, '')}, p99 latency`, st(rc), st(sd), {
      metric: 'p99',
    }),
  ];
  return { section };
}

// ---- metadata ---------------------------------------------------------------------------

function versionOf(name, dir) {
  return cache.installedVersion(dir, name);
}

function gitDescription() {
  // Read-only git queries: the commit measured and whether the tree had local changes.
  const { spawnSync } = require('node:child_process');
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const changed = dirty.stdout.split('\n').filter(Boolean).length;
  return `${head.stdout.trim()}${changed ? ` + ${changed} locally modified tracked file${changed === 1 ? '' : 's'}` : ''}`;
}

function metadata(opts, measured) {
  const cpus = os.cpus();
  const cli = cache.bundleDir('asyncapiCli');
  const tools = cache.bundleDir('loadTools');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return {
    date: new Date().toISOString(),
    commandLine: `node bench/run.js${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    mode: opts.quick
      ? `--quick (${opts.runs} run each, ${opts.duration} s load rounds; smoke run, not results)`
      : `full: ${opts.runs} runs per command, ${opts.duration} s load rounds`,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    hookwright: `${pkg.version} (git ${measured}, built at the start of the bench)`,
    packages: {
      '@asyncapi/parser': versionOf('@asyncapi/parser', ROOT),
      '@asyncapi/modelina': versionOf('@asyncapi/modelina', ROOT),
      prettier: versionOf('prettier', ROOT),
      'fastify (generated receiver)': versionOf('fastify', path.join(CACHE, 'receiver')),
      '@asyncapi/cli': versionOf('@asyncapi/cli', cli),
      '@asyncapi/generator (used by the CLI)': versionOf('@asyncapi/generator', cli),
      '@asyncapi/nodejs-template': versionOf(
        '@asyncapi/nodejs-template',
        cache.bundleDir('nodejsTemplate'),
      ),
      autocannon: versionOf('autocannon', tools),
      express: versionOf('express', tools),
      '@sinch/sdk-core': versionOf('@sinch/sdk-core', tools),
    },
    rssMethod: describeRssMethod(),
  };
}

// ---- main -------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
    return 0;
  }
  detectRssMethod(opts.rssMethod);
  waitIdleSeconds = opts.waitIdle;
  const notes = [];
  const benchStarted = Date.now();

  if (opts.build) {
    log('== building hookwright (npm run build)');
    const build = await run('npm', ['run', 'build'], { cwd: ROOT });
    if (build.code !== 0) {
      notes.push(
        `\`npm run build\` failed (${tail(build.output)}); the existing dist/ was measured.`,
      );
      log(`  build failed; measuring the existing dist/: ${tail(build.output)}`);
    }
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')))
    throw new Error('dist/cli/index.js is missing: run npm run build');
  const measured = gitDescription();
  HOOKWRIGHT = snapshotHookwright();
  notes.push(
    `hookwright was measured from a copy of bin/, dist/, templates/ and package.json taken right after the build (\`bench/.cache/hookwright-snapshot/\`), so that a concurrent rebuild of dist/ could not change it mid-run; "node bin/hookwright.js" in the tables means that copy.`,
  );
  const idle = await machine.sample(2000);
  if (idle) {
    const text = `Before the bench: other processes were using ${idle.otherCores.toFixed(2)} of ${idle.cores} cores (2 s sample).`;
    notes.push(text);
    log(
      `${text}${idle.otherCores >= 0.1 ? ' The machine is not idle: numbers will be disturbed.' : ''}`,
    );
  }

  const sections = [];
  let hookwrightFailed = false;
  const attempt = async (name, work) => {
    if (opts.only && !opts.only.has(Number.parseInt(name, 10))) return undefined;
    const before = machine.snapshot();
    try {
      const result = await work();
      const busy = machine.describe(machine.between(before, machine.snapshot()));
      if (busy) (result.section.notes ??= []).unshift(busy);
      sections.push(result.section);
      return result;
    } catch (error) {
      // A section that crashes is reported, and the others still run.
      log(`  ${name} crashed: ${error.stack ?? error}`);
      sections.push({
        title: name,
        about: [`This section crashed: ${String(error.message ?? error)}`],
        rows: [],
        comparisons: [],
      });
      hookwrightFailed = true;
      return undefined;
    }
  };

  const cold = await attempt('1. Cold generation', () => coldGeneration(opts));
  await attempt('2. generate --check', () => checkUpToDate(opts));
  await attempt('3. Scaling', () => scaling(opts, cold?.states ?? {}));
  await attempt('4. Receiver throughput', () => throughput(opts));
  await attempt('5. Scale-out', () =>
    scaleOut({
      opts,
      log,
      hookwright: HOOKWRIGHT,
      spec: SPEC,
      cache: CACHE,
      route: ROUTE,
      body: INBOUND_BODY,
      secret: SECRET,
      waitForIdle,
      compare,
      ensureTools: () => cache.ensure('loadTools', { log }),
    }),
  );

  for (const section of sections) {
    for (const r of section.rows ?? [])
      if (/^hookwright/.test(r.label) && r.status === 'failed') hookwrightFailed = true;
  }
  if (waitIdleSeconds) {
    notes.push(
      `--wait-idle ${waitIdleSeconds}: ${idleWaits.waited} of ${idleWaits.runs} measured runs waited for other processes to quieten down${idleWaits.gaveUp ? `, ${idleWaits.gaveUp} gave up waiting and were measured on a busy machine` : ''}.`,
    );
  }
  notes.push(`The whole bench took ${Math.round((Date.now() - benchStarted) / 1000)} s.`);
  const report = renderReport({ meta: metadata(opts, measured), sections, notes });
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, report);
  process.stdout.write(`\n${report}`);
  log(`\nwritten to ${path.relative(process.cwd(), opts.out)}`);
  return hookwrightFailed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
