#!/usr/bin/env node
'use strict';
// Enable V8's compile cache where Node offers it (22+): faster start-up on every later run.
try {
  require('node:module').enableCompileCache?.();
} catch {
  // not available: start-up is just slower
}
require('../dist/cli/index.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
