#!/usr/bin/env node
import type { CliIO } from './CliIO.js';
import { main } from './main.js';

const io: CliIO = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

// A reader that went away (`| head`, a closed terminal) makes writes fail
// with EPIPE. The commands watch stdout and decide the exit code; these
// listeners only keep the failure from being thrown with a stack trace.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
// The last guard of "no stack trace reaches a user": one line, exit 1.
process.on('uncaughtException', (error) => exitWith(1, `internal error: ${error.message}`));
process.on('unhandledRejection', (error) =>
  exitWith(1, `internal error: ${error instanceof Error ? error.message : String(error)}`),
);

void main(process.argv.slice(2), io).then((code) => exitWith(code));

function exitWith(code: number, message?: string): void {
  if (message !== undefined && process.stderr.writable)
    process.stderr.write(`text-stream: ${message}\n`);
  // Exit once stdout has drained (stdin may still hold the process open),
  // unless stdout is gone, when nothing will drain.
  if (!process.stdout.writable) process.exit(code);
  process.stdout.write('', () => process.exit(code));
}
