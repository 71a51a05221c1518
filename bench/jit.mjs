// What V8 compiles during a cold chat UI's measured turns, against bare `ws`
// doing the same work: the part of the cold regime's CPU (bench/chat.mjs)
// that is neither the library's work nor its garbage, but TurboFan
// optimizing the code that runs for the first time.
//
// Each client is bench/scale-client.mjs in a fresh process, cold (no warm-up
// pool), with V8's `--trace-opt --trace-deopt` switched on for the measured
// turns alone (BENCH_TRACE_JIT=1); alternating runs, medians. TurboFan runs
// on a background thread: its time shows in the process's CPU, not the main
// thread's. Tracing itself costs a little, so the CPU figures here are not
// the chat benchmark's; read them side by side.
//
// node bench/jit.mjs [--jit-n 1000] [--jit-turns 20] [--jit-runs 3] [--json]
// (also `npm run bench -- --only jit ...`)
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startServer } from './children.mjs';
import { median } from './frames.mjs';
import { PING_MS } from './scale.mjs';

export const jitOptions = {
  'jit-n': { type: 'string', default: '1000' },
  'jit-turns': { type: 'string', default: '20' },
  'jit-runs': { type: 'string', default: '3' },
};

const kinds = ['raw', 'chat-ui'];

/** One traced client: its result line, and what TurboFan did in its measured turns. */
function tracedClient(kind, url, n, turns) {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', 'bench/scale-client.mjs', kind, url, n, turns, '0', '0', '0'];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_TRACE_JIT: '1' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}`));
      const lines = out.split('\n');
      const result = JSON.parse(lines.find((line) => line.startsWith('{')));
      const jobs = lines
        .map((line) =>
          /^\[completed compiling .*\(target TURBOFAN\) - took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(
            line,
          ),
        )
        .filter((match) => match !== null);
      // The three phases: prepare and finalize on the main thread, execute on a background one.
      const turbofanMs = jobs.reduce(
        (sum, [, a, b, c]) => sum + Number(a) + Number(b) + Number(c),
        0,
      );
      const deopts = lines.filter((line) => line.startsWith('[bailout (kind: deopt')).length;
      const total = Number(n) * Number(turns);
      resolve({
        cpuUsPerTurn: result.cpuUsPerTurn,
        mainCpuUsPerTurn: result.mainCpuUsPerTurn,
        turbofanJobs: jobs.length,
        turbofanUsPerTurn: (turbofanMs * 1000) / total,
        deopts,
      });
    });
  });
}

/** Runs the JIT benchmark; `values` holds the flags of {@link jitOptions}. */
export async function jitBench(values, log = () => undefined) {
  const n = values['jit-n'];
  const turns = values['jit-turns'];
  const runs = Number(values['jit-runs']);
  const server = await startServer('converse', PING_MS);
  const samples = Object.fromEntries(kinds.map((kind) => [kind, []]));
  try {
    for (let run = 1; run <= runs; run += 1) {
      for (const kind of run % 2 === 1 ? kinds : [...kinds].reverse())
        samples[kind].push(await tracedClient(kind, server.url, n, turns));
      log(`jit run ${run}/${runs} done`);
    }
  } finally {
    server.child.kill();
  }
  const rows = kinds.map((kind) => {
    const of = (metric) => median(samples[kind].map((sample) => sample[metric]));
    return {
      kind,
      cpuUsPerTurn: of('cpuUsPerTurn'),
      mainCpuUsPerTurn: of('mainCpuUsPerTurn'),
      turbofanJobs: of('turbofanJobs'),
      turbofanUsPerTurn: of('turbofanUsPerTurn'),
      deopts: of('deopts'),
    };
  });
  return { sessions: Number(n), turns: Number(turns), runs, rows };
}

export function describeJit({ sessions, turns, runs, rows }) {
  const lines = [
    `V8's optimizing compiler during a cold process's measured turns: ${sessions} sessions, ${turns} turns each, median of ${runs} alternating runs (traced, so CPU is a little above the chat benchmark's)`,
    '',
    '| client | CPU µs/turn | main thread | other threads | TurboFan jobs | TurboFan µs/turn | deopts |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.kind} | ${row.cpuUsPerTurn.toFixed(1)} | ${row.mainCpuUsPerTurn.toFixed(1)} | ${(row.cpuUsPerTurn - row.mainCpuUsPerTurn).toFixed(1)} | ${row.turbofanJobs} | ${row.turbofanUsPerTurn.toFixed(1)} | ${row.deopts} |`,
    );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { ...jitOptions, json: { type: 'boolean', default: false } },
  });
  const result = await jitBench(values, (line) => process.stderr.write(`${line}\n`));
  console.log(values.json ? JSON.stringify(result) : describeJit(result));
}
