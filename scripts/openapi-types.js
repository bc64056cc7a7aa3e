/**
 * The TypeScript types of an OpenAPI document, as openapi-typescript writes them for the console
 * (web/src/api/schema.d.ts). One rendering for `npm run openapi` and for the spec that checks the
 * committed file, which runs `node scripts/openapi-types.js web/src/api/openapi.json` (jest cannot
 * load openapi-typescript's ES module dependencies itself).
 */
const fs = require('node:fs');

const { default: openapiTS, astToString, COMMENT_HEADER } = require('openapi-typescript');

async function renderTypes(document) {
  return COMMENT_HEADER + astToString(await openapiTS(document));
}

module.exports = { renderTypes };

if (require.main === module) {
  renderTypes(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))
    .then((types) => process.stdout.write(types))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
