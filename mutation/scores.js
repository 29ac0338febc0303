#!/usr/bin/env node
/**
 * Per-file mutation scores from Stryker JSON reports, as Markdown table rows:
 * `node mutation/scores.js reports/mutation/*.json`. The score is Stryker's: detected
 * (killed + timed out) over valid mutants (all but ignored, runtime and compile errors).
 */
const { readFileSync } = require('node:fs');

const rows = [];
for (const report of process.argv.slice(2)) {
  if (report.endsWith('.incremental.json') || report.endsWith('.conf.json')) continue;
  const { files } = JSON.parse(readFileSync(report, 'utf8'));
  for (const [file, { mutants }] of Object.entries(files)) {
    const count = (...statuses) => mutants.filter((m) => statuses.includes(m.status)).length;
    const detected = count('Killed', 'Timeout');
    const valid = mutants.length - count('Ignored', 'RuntimeError', 'CompileError');
    rows.push({
      file,
      report,
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
console.log('| file | mutants | killed | timeout | survived | no coverage | errors | ignored | score |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.file} | ${r.total} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.errors} | ${r.ignored} | ${r.score.toFixed(2)} % |`,
  );
