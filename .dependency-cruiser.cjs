// The import rules of src/ (DESIGN.md, "Layout"), checked by `npm run check:deps`.
//
// LAYERS is the rule, written once: each folder of src/ imports only from the
// folders before it in this list (and from itself). A folder not listed here
// fails the check until it is given its place.
const LAYERS = [
  'protocol', // codecs, decode, close-code table: pure, no RxJS
  'operators', // one pipeable operator per file: RxJS only
  'transport', // the cold socket, reconnect policy, auth and token providers
  'session', // the session machine and the class that wires it to the transport
  'recording', // NDJSON recordings of received frames
  'server', // the reference server: the platform model and its ws adapter
  'testing', // what users import in their tests
  'angular', // the Angular entry
  'pipelines', // runConversations and its events
  'bullmq', // the BullMQ entry, beside pipelines
  'cli', // the text-stream command
];

const layering = LAYERS.map((folder, index) => ({
  name: `layer-${folder}`,
  comment: `src/${folder}/ imports only from ${LAYERS.slice(0, index).join(', ') || 'nothing of ours'} (DESIGN.md, "Layout")`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: `^src/(?!(?:${LAYERS.slice(0, index + 1).join('|')})/)` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between files (type-only imports count too).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'unlisted-folder',
      comment: 'Every folder of src/ has its place in LAYERS (.dependency-cruiser.cjs).',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(?:${LAYERS.join('|')})/` },
      to: {},
    },
    ...layering,
    {
      name: 'machine-imports-protocol-only',
      comment:
        'The session machine is pure: it imports nothing but protocol/ (DESIGN.md), and the error classes it settles sends with (session/errors.ts, plain classes over protocol types).',
      severity: 'error',
      from: { path: '^src/session/machine/' },
      to: { pathNot: '^src/(?:protocol/|session/machine/|session/errors[.]ts$)' },
    },
    {
      name: 'session-errors-pure',
      comment: 'session/errors.ts stays as pure as the machine that imports it.',
      severity: 'error',
      from: { path: '^src/session/errors[.]ts$' },
      to: { pathNot: '^src/protocol/' },
    },
    {
      name: 'protocol-without-rxjs',
      comment: 'protocol/ is pure: no RxJS (DESIGN.md, "Layout").',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: 'node_modules/rxjs/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a cycle through types is a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
