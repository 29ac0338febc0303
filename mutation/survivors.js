#!/usr/bin/env node
/**
 * Lists the mutants a Stryker JSON report says survived (or had no coverage), by file and
 * line: `node mutation/survivors.js reports/mutation/runtime.json [file-filter]`.
 */
const { readFileSync } = require('node:fs');

const [report, filter = ''] = process.argv.slice(2);
const { files } = JSON.parse(readFileSync(report ?? 'reports/mutation/runtime.json', 'utf8'));
for (const [file, { source, mutants }] of Object.entries(files)) {
  if (!file.includes(filter)) continue;
  const lines = source.split('\n');
  for (const mutant of mutants) {
    if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
    const { line, column } = mutant.location.start;
    const code = lines[line - 1].trim().slice(0, 90);
    console.log(
      `${file}:${line}:${column} ${mutant.status} ${mutant.mutatorName} -> ${JSON.stringify(mutant.replacement ?? '').slice(0, 60)}\n    ${code}`,
    );
  }
}
