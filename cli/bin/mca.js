#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

// In the image (NODE_ENV=production): the compiled CLI (npm run build). In a checkout: TypeScript through tsx, as
// `npm start` runs the service.
const compiled = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let main;
if (process.env.NODE_ENV === 'production' && existsSync(compiled)) ({ main } = require(compiled));
else {
  require('tsx/cjs');
  ({ main } = require('../src/main.ts'));
}

// Exit as soon as the answer is out: stdout and stderr are synchronous for files and pipes,
// and a connection a library keeps open must not hold a script's terminal.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`mca: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
