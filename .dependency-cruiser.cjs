/**
 * The house rules, checked from the imports on every `npm run lint`: no import cycles, and each
 * top-level folder of src/ imports only its own files and folders of lower layers. LAYERS is the
 * order written at the top of docs/architecture.md, lowest first; folders on one row are peers
 * and may not import each other.
 */
const LAYERS = [
  ['config', 'common'],
  ['i18n'],
  ['database', 'queue', 'limits'],
  ['workspaces'],
  ['contacts', 'surveys'],
  ['policy'],
  ['channels'],
  ['messages'],
  ['campaigns', 'invitations'],
  ['events'],
  ['responses'],
  ['scoring'],
  ['webhooks'],
  ['alerts', 'replies'],
  ['health', 'cli'],
  ['[^/]+\\.ts'],
];

/**
 * Edges the order would allow but the design keeps out, each with its reason (docs/architecture.md).
 */
const KEPT_OUT = [
  [
    'replies',
    'invitations',
    'replies read invitation rows in their own read-only queries; delivery and call status belong to invitations',
  ],
  ['scoring', 'campaigns', 'scoring reads campaign rows read-only; it never needs campaign admin code'],
  ['campaigns', 'channels', 'campaigns preview and size messages through messages/, never through provider adapters'],
];

const layerOf = (folder) => LAYERS.findIndex((row) => row.includes(folder));

const forbidden = [
  { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  {
    name: 'unknown-folder',
    comment: 'Every top-level folder of src/ has a place in LAYERS.',
    severity: 'error',
    from: { path: `^src/(?!(${LAYERS.flat().join('|')})(/|$))` },
    to: {},
  },
];

for (const [from, to, why] of KEPT_OUT) {
  forbidden.push({
    name: `keep-${from}-off-${to}`,
    comment: why,
    severity: 'error',
    from: { path: `^src/${from}/` },
    to: { path: `^src/${to}/` },
  });
}

LAYERS.forEach((row, index) => {
  const above = LAYERS.slice(index + 1).flat();
  for (const folder of row) {
    const peers = row.filter((other) => other !== folder);
    const notAllowed = [...above, ...peers];
    if (notAllowed.length === 0) continue;
    forbidden.push({
      name: `layer-${folder}`,
      comment: `${folder} (layer ${layerOf(folder)}) may import only lower layers`,
      severity: 'error',
      from: { path: `^src/${folder}(/|$)` },
      to: { path: `^src/(${notAllowed.join('|')})(/|$)` },
    });
  }
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
