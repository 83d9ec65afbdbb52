#!/usr/bin/env node
'use strict';
// Teller ships TypeScript sources; tsx compiles them on the fly (esbuild), so `npx teller` needs no build step.
require('tsx/cjs/api').register();
require('../src/cli/main.ts')
  .main(process.argv)
  .catch((err) => {
    process.stderr.write(`teller: ${err && err.message ? err.message : String(err)}\n`);
    process.exit(1);
  });
