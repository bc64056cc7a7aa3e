#!/usr/bin/env node
// The `palaute` command (npx palaute …): runs the compiled CLI, building it first on a fresh checkout.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli', 'palaute-cli.js');
if (!existsSync(cli)) execSync('npm run --silent build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
require(cli)
  .runCli(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
