import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseScript, type ConversationScript } from '../../pipelines/ConversationScript.js';

/**
 * The scripts of an NDJSON file (one per line, blank lines skipped), read
 * as they are consumed. A line that is not a script stops the reading with
 * `FILE:LINE: what is wrong`.
 */
export async function* scriptFile(file: string): AsyncGenerator<ConversationScript> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield parseScript(JSON.parse(text));
    } catch (error) {
      lines.close();
      throw new Error(`${file}:${line}: ${(error as Error).message}`);
    }
  }
}
