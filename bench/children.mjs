// The benchmark's child processes: each client and the loopback server run in
// a process of their own, so one side's work and garbage never count for the
// other.
import { spawn } from 'node:child_process';

/** Runs a node script to completion; resolves with what it printed on stdout. `env` adds to the environment. */
export function runOutput(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

/** Runs a node script to completion and parses the JSON line it prints last. `env` adds to the environment. */
export async function runJson(args, env = {}) {
  return JSON.parse((await runOutput(args, env)).trim().split('\n').pop());
}

/** Starts `bench/server.mjs <mode> <arg>`; resolves with the process and the URL it prints. */
export function startServer(mode, arg) {
  const child = spawn(process.execPath, ['bench/server.mjs', mode, String(arg)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) =>
    child.stdout.once('data', (chunk) => resolve({ child, url: String(chunk).trim() })),
  );
}
