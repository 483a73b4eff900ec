#!/usr/bin/env node
'use strict';
// TypeScript at run time through tsx, as `npm start` runs the service (no build step).
require('tsx/cjs');
const { main } = require('../src/main.ts');

// Exit as soon as the answer is out: stdout and stderr are synchronous for files and pipes,
// and a connection a library keeps open must not hold a script's terminal.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`mca: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
