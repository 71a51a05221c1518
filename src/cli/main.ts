import { chat } from './chat.js';
import type { CliIO } from './CliIO.js';
import { COMMAND_HELP } from './commandHelp.js';
import { parseCommand } from './flags.js';
import { enqueue } from './queue/enqueue.js';
import { results } from './queue/results.js';
import { worker } from './queue/worker.js';
import { replay } from './replay.js';
import { run } from './run.js';
import { serve } from './serve.js';
import { USAGE, UsageError } from './usage.js';
import { packageVersion } from './version.js';

/** Runs the `text-stream` command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const command = parseCommand(argv, io.env);
    switch (command.name) {
      case 'help':
        io.stdout.write(`${command.topic ? COMMAND_HELP[command.topic] : USAGE}\n`);
        return 0;
      case 'version':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      case 'serve':
        return await serve(command.flags, io);
      case 'replay':
        return await replay(command.flags, io);
      case 'chat':
        return await chat(command.flags, io);
      case 'run':
        return await run(command.flags, io);
      case 'enqueue':
        return await enqueue(command.flags, io);
      case 'worker':
        return await worker(command.flags, io);
      case 'results':
        return await results(command.flags, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`text-stream: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    // One clear line, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`text-stream: ${message}\n`);
    return 1;
  }
}
