// npm run check:size: bundles each public entry as an app would (esbuild,
// browser conditions, minified, rxjs external; bench/bundle.mjs) and fails
// when one is over its min+gzip budget (ENTRIES in bench/bundle.mjs).
import { execFileSync } from 'node:child_process';
import { entrySizes } from '../bench/bundle.mjs';

execFileSync(process.execPath, ['scripts/build.mjs', '--if-changed'], { stdio: 'inherit' });
const rows = await entrySizes();
const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
console.log('entry        min+gzip     budget       min  verdict');
for (const row of rows) {
  const verdict =
    row.gzipBytes <= row.budgetBytes ? 'ok' : `OVER by ${row.gzipBytes - row.budgetBytes} B`;
  const relative = row.budget.includes('+') ? ` (${row.budget})` : '';
  console.log(
    `${row.name.padEnd(12)} ${kb(row.gzipBytes).padStart(8)}  ${kb(row.budgetBytes).padStart(9)}  ${kb(row.minBytes).padStart(8)}  ${verdict}${relative}`,
  );
}
const over = rows.filter((row) => row.gzipBytes > row.budgetBytes);
if (over.length > 0) {
  console.error(
    `\ncheck:size: ${over.map((row) => row.name).join(', ')} over budget. See which folder grew with npm run bench:bundle; budgets are ENTRIES in bench/bundle.mjs.`,
  );
  process.exit(1);
}
