// npm run mutate:folder -- <folder or file under src/> [unit]: StrykerJS over one folder of src/,
// with its own sandbox, incremental file and report (reports/mutation/<folder>/),
// so folders can be run one after another, or side by side, without
// overwriting each other. `unit` leaves out the socket tests
// (test/integration, test/server): much faster, and a lower bound on the score.
import { Stryker } from '@stryker-mutator/core';

const [folder, scope] = process.argv.slice(2);
if (!folder || !/^[a-z]+(\/[a-zA-Z.]+)*$/.test(folder)) {
  console.error(
    'usage: npm run mutate:folder -- <protocol|operators|transport|session|server|...> [unit]',
  );
  process.exit(2);
}
if (scope === 'unit') process.env.MUTATION_SCOPE = 'unit';
const out = `reports/mutation/${folder}${scope === 'unit' ? '-unit' : ''}`;
const target = folder.endsWith('.ts') ? `src/${folder}` : `src/${folder}/**/*.ts`;
const result = await new Stryker({
  mutate: [target, '!src/**/index.ts', '!src/transport/defaultWebSocket.browser.ts'],
  tempDirName: `.stryker-tmp-${folder.replace(/\W/g, '-')}`,
  incrementalFile: `${out}/stryker-incremental.json`,
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
}).runMutationTest();
const counted = result.filter(
  (mutant) => !['Ignored', 'CompileError', 'RuntimeError'].includes(mutant.status),
);
const detected = counted.filter((mutant) => ['Killed', 'Timeout'].includes(mutant.status)).length;
console.log(
  `${target}: ${detected}/${counted.length} detected, mutation score ${((100 * detected) / counted.length).toFixed(2)}%; report ${out}/index.html`,
);
