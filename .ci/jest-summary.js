#!/usr/bin/env node
// The closing line of a CI run, "N passed, N failed, N skipped", from jest's --json results.
// Usage: node .ci/jest-summary.js <results.json> <failed checks outside jest> <jest's exit status>
// A run that cannot show it passed does not pass: no results file (jest died first, e.g. in
// globalSetup), a suite that failed to load, or a non-zero exit with nothing failed each count
// as one failed test, and a line on stderr says why.
const fs = require('node:fs');

const [file, checksFailed = '0', jestStatus = '0'] = process.argv.slice(2);
const log = (message) => console.error(`[ci] ${message}`);

let results = null;
try {
  const text = fs.readFileSync(file, 'utf8');
  if (text.trim() === '') throw new Error('the file is empty');
  results = JSON.parse(text);
} catch (err) {
  log(
    `jest wrote no results (${err.code === 'ENOENT' ? 'no file' : err.message}): it died before the end, e.g. in globalSetup; counted as 1 failed`,
  );
}

const passed = results?.numPassedTests ?? 0;
const skipped = (results?.numPendingTests ?? 0) + (results?.numTodoTests ?? 0);
let failed = (results?.numFailedTests ?? 0) + (results?.numRuntimeErrorTestSuites ?? 0) + Number(checksFailed);
if (!results) failed += 1;
else if (Number(jestStatus) !== 0 && failed === 0) {
  log(`jest exited with status ${jestStatus} although no test failed; counted as 1 failed`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
