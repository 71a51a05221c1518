// The folders `npm run mutate` covers, in order, with the mutation score (in
// per cent) each must reach; `npm run check:mutation` holds the committed
// records to the same numbers.
export const FOLDERS = {
  protocol: 85,
  operators: 85,
  transport: 85,
  session: 85,
  server: 80,
  cli: 80,
  recording: 80,
  testing: 80,
};

/** Statuses that say nothing of the tests: the mutant never ran as code. */
const UNCOUNTED = ['Ignored', 'CompileError', 'RuntimeError'];
/** Statuses of a mutant the tests noticed. */
const DETECTED = ['Killed', 'Timeout'];

/**
 * A score from mutants' statuses, as Stryker counts it: detected over every
 * mutant that ran (survivors and mutants no test reached count against it).
 */
export function score(statuses) {
  const counted = statuses.filter((status) => !UNCOUNTED.includes(status));
  const detected = counted.filter((status) => DETECTED.includes(status)).length;
  return {
    detected,
    valid: counted.length,
    percent: counted.length === 0 ? 100 : (100 * detected) / counted.length,
  };
}
