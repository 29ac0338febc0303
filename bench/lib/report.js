'use strict';
/**
 * Turns the bench's results into Markdown: bench/RESULTS.md and the same text on stdout.
 *
 * Shapes (built by bench/run.js):
 *   section    { title, short, about: [lines], rows: [row], throughput?: [trow], comparisons: [cmp], extra?: markdown, notes: [lines] }
 *   row        { label, command, status: 'ok'|'unavailable'|'failed', reason, wall, rss, files, disturbed: "k/n" }
 *              wall / rss: { n, median, min, max } in ms / kB (see measure.summary)
 *   trow       { label, status, reason, rps, p50, p99, serverCpu, clientCpu, non2xx, errors, peakRssKB } (summaries, counts, kB)
 *   cmp        { label, ratio: summary|undefined, goal: string|undefined, met: true|false|undefined, note }
 */

const fmtMs = (ms) =>
  ms === undefined ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
const fmtLatency = (ms) => (ms === undefined ? '–' : `${ms.toFixed(2)} ms`);
const fmtMB = (kB) => (kB === undefined ? '–' : `${(kB / 1024).toFixed(0)} MB`);
const fmtRps = (rps) => (rps === undefined ? '–' : `${Math.round(rps).toLocaleString('en-US')}`);
const fmtCores = (c) => (c === undefined ? '–' : c.toFixed(2));
const fmtRatio = (r) => (r === undefined ? '–' : `${r.toFixed(2)}×`);

function range(summary, fmt) {
  if (!summary) return '–';
  if (summary.n === 1) return `${fmt(summary.min)} (1 run)`;
  return `${fmt(summary.min)} – ${fmt(summary.max)}`;
}

function table(header, rows) {
  const line = (cells) =>
    `| ${cells.map((c) => String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function statusCell(row) {
  if (row.status === 'ok') return '';
  return `${row.status === 'failed' ? 'FAILED' : 'unavailable'}: ${row.reason ?? ''}`;
}

function resultCell(cmp) {
  if (cmp.met === undefined) return cmp.goal ? 'not measured' : 'info';
  return cmp.met ? '**met**' : '**not met**';
}

function renderSection(section) {
  const out = [`## ${section.title}`, ''];
  if (section.about?.length) out.push(section.about.join('\n\n'), '');
  if (section.rows?.length) {
    out.push(
      table(
        [
          'command',
          'runs',
          'wall median',
          'wall min – max',
          'peak RSS median',
          'peak RSS min – max',
          'files written',
          'disturbed runs',
          'status',
        ],
        section.rows.map((r) => [
          r.label,
          r.wall?.n ?? 0,
          fmtMs(r.wall?.median),
          range(r.wall, fmtMs),
          fmtMB(r.rss?.median),
          range(r.rss, fmtMB),
          r.files ?? '–',
          r.disturbed ?? '–',
          statusCell(r) || 'ok',
        ]),
      ),
      '',
    );
  }
  if (section.throughput?.length) {
    out.push(
      table(
        [
          'server',
          'rounds',
          'req/s median (2xx)',
          'req/s min – max',
          'p50 median',
          'p99 median',
          'p99 min – max',
          'server CPU',
          'client CPU',
          'non-2xx',
          'errors',
          'server peak RSS',
          'disturbed rounds',
          'status',
        ],
        section.throughput.map((r) => [
          r.label,
          r.rps?.n ?? 0,
          fmtRps(r.rps?.median),
          range(r.rps, fmtRps),
          fmtLatency(r.p50?.median),
          fmtLatency(r.p99?.median),
          range(r.p99, fmtLatency),
          fmtCores(r.serverCpu?.median),
          fmtCores(r.clientCpu?.median),
          r.non2xx ?? '–',
          r.errors ?? '–',
          fmtMB(r.peakRssKB),
          r.disturbed ?? '–',
          statusCell(r) || 'ok',
        ]),
      ),
      '',
    );
  }
  if (section.comparisons?.length) {
    out.push(
      table(
        ['comparison (paired runs)', 'ratio median', 'ratio min – max', 'goal', 'result', 'note'],
        section.comparisons.map((c) => [
          c.label,
          fmtRatio(c.ratio?.median),
          range(c.ratio, fmtRatio),
          c.goal ?? '–',
          resultCell(c),
          c.note ?? '',
        ]),
      ),
      '',
    );
  }
  if (section.extra) out.push(section.extra, '');
  if (section.notes?.length) out.push(...section.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** The goals of every section in one table. */
function renderGoals(sections) {
  const rows = [];
  for (const section of sections) {
    for (const c of section.comparisons ?? []) {
      if (!c.goal) continue;
      rows.push([
        section.short ?? section.title,
        c.label,
        fmtRatio(c.ratio?.median),
        c.goal,
        resultCell(c),
      ]);
    }
  }
  return [
    '## Goals at a glance',
    '',
    table(['section', 'comparison', 'ratio (median)', 'goal', 'result'], rows),
    '',
  ].join('\n');
}

function renderMeta(meta) {
  const lines = ['## Machine and versions', ''];
  lines.push(
    table(
      ['what', 'value'],
      [
        ['date', meta.date],
        ['mode', meta.mode],
        ['CPU', `${meta.cpu} (${meta.cores} logical cores)`],
        ['memory', `${meta.memoryGB} GiB`],
        ['OS', meta.os],
        ['Node.js', meta.node],
        ['hookwright', meta.hookwright],
        ...Object.entries(meta.packages).map(([name, version]) => [
          name,
          version ?? 'not installed',
        ]),
        ['peak memory measured with', meta.rssMethod],
      ],
    ),
    '',
  );
  return lines.join('\n');
}

function renderReport(results) {
  const parts = [
    '# hookwright benchmark results',
    '',
    `Written by \`${results.meta.commandLine}\` on ${results.meta.date}. Regenerate with \`npm run bench\` (full) or \`npm run bench:quick\` (smoke run).`,
    'Every number is one fresh child process per run (or one load round per server); commands are run in alternation (A B A B …) and each ratio is the median of the per-round ratios. "Disturbed" counts the runs during which other processes on the machine used ≥ 0.2 cores on average (from /proc; the machine may be shared).',
    '',
    renderMeta(results.meta),
    renderGoals(results.sections),
    ...results.sections.map(renderSection),
  ];
  if (results.notes?.length) parts.push('## Notes', '', ...results.notes.map((n) => `- ${n}`), '');
  return `${parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

module.exports = { renderReport, fmtMs, fmtMB, fmtRatio, fmtRps, fmtLatency };
