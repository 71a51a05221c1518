import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * This package's version, read from its package.json. The CLI runs from
 * dist/cjs/cli (installed) or src/cli (tests), so the file is found by
 * walking up rather than by a fixed relative path.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'rxjs-text-stream' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here (or dist's own {type} stub): keep walking up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
