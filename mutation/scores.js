#!/usr/bin/env node
/**
 * Per-file mutation scores from Stryker JSON reports, as Markdown table rows:
 * `node mutation/scores.js reports/mutation/*.json`. The score is Stryker's: detected
 * (killed + timed out) over valid mutants (all but ignored, runtime and compile errors).
 * Where `<report>.recheck.json` exists (mutation/recheck.js, run after tests were added), its
 * result replaces the full run's for the mutants that had survived: the "after" columns.
 */
const { existsSync, readFileSync } = require('node:fs');

const key = (m) =>
  `${m.mutatorName}@${m.location.start.line}:${m.location.start.column}=${m.replacement ?? ''}`;

const rows = [];
for (const report of process.argv.slice(2)) {
  if (/\.(incremental|conf|recheck)\.json$/.test(report)) continue;
  const { files } = JSON.parse(readFileSync(report, 'utf8'));
  const recheckPath = report.replace(/\.json$/, '.recheck.json');
  const recheck = existsSync(recheckPath)
    ? JSON.parse(readFileSync(recheckPath, 'utf8')).files
    : undefined;
  for (const [file, { mutants: before }] of Object.entries(files)) {
    const again = new Map((recheck?.[file]?.mutants ?? []).map((m) => [key(m), m.status]));
    const mutants = before.map((m) =>
      (m.status === 'Survived' || m.status === 'NoCoverage') && again.has(key(m))
        ? { ...m, status: again.get(key(m)) }
        : m,
    );
    const count = (...statuses) => mutants.filter((m) => statuses.includes(m.status)).length;
    const detected = count('Killed', 'Timeout');
    const valid = mutants.length - count('Ignored', 'RuntimeError', 'CompileError');
    rows.push({
      file,
      report,
      rechecked: recheck !== undefined,
      total: mutants.length,
      killed: count('Killed'),
      timeout: count('Timeout'),
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
      errors: count('RuntimeError', 'CompileError'),
      ignored: count('Ignored'),
      score: valid === 0 ? NaN : (100 * detected) / valid,
    });
  }
}
console.log(
  '| file | mutants | killed | timeout | survived | no coverage | errors | ignored | score | survivors rechecked |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.file} | ${r.total} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.errors} | ${r.ignored} | ${r.score.toFixed(2)} % | ${r.rechecked ? 'yes' : 'no'} |`,
  );
