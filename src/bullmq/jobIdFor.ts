/**
 * The BullMQ job id of a script: the script's id itself, so that enqueuing
 * the same script twice adds one job. BullMQ refuses some ids (one that
 * reads as an integer, such as `"12"`, and one holding `:`), and those are
 * percent-encoded: `%` becomes `%25` and `:` becomes `%3A` everywhere, and
 * an id that reads as an integer has its first character encoded (`"12"`
 * becomes `"%312"`). Any other id is the job id unchanged, and every job id
 * decodes back with `decodeURIComponent`.
 *
 * ```ts
 * import { jobIdFor } from 'rxjs-text-stream/bullmq';
 *
 * const job = await queue.getJob(jobIdFor('12')); // the job of script "12"
 * ```
 */
export function jobIdFor(scriptId: string): string {
  const escaped = scriptId.replace(/%/g, '%25').replace(/:/g, '%3A');
  // BullMQ's own test: an id that parseInt reads back unchanged is an integer.
  if (`${parseInt(escaped, 10)}` !== escaped) return escaped;
  return `%${escaped.charCodeAt(0).toString(16).toUpperCase()}${escaped.slice(1)}`;
}
