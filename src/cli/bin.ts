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

void main(process.argv.slice(2), io).then((code) => {
  // Exit once stdout has drained: stdin may still hold the process open.
  process.stdout.write('', () => process.exit(code));
});
