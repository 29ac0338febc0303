#!/usr/bin/env node
'use strict';
// Enable V8's compile cache where Node offers it (22+): faster start-up on every later run.
try {
  require('node:module').enableCompileCache?.();
} catch {
  // not available: start-up is just slower
}
// A reader that stops early (`hookwright validate doc.yaml | head`) closes the pipe: stop
// printing there, without a crash; the exit code stays the run's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
require('../dist/cli/index.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
