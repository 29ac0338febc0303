'use strict';
/**
 * Fallback peak-memory probe, used only where /usr/bin/time is missing: preloaded into every
 * Node.js process of a measured command (NODE_OPTIONS=--require), it appends the process's
 * peak resident set size in kilobytes (process.resourceUsage().maxRSS) to $BENCH_RSS_FILE
 * when the process exits. bench/lib/measure.js takes the largest value.
 */
const fs = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // nothing to report to
    }
  });
}
