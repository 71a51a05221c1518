// What V8 compiles during a cold chat UI's measured turns, against bare `ws`
// doing the same work: the part of the cold regime's CPU (bench/chat.mjs)
// that is neither the library's work nor its garbage, but TurboFan
// optimizing the code that runs for the first time.
//
// Each client is bench/scale-client.mjs in a fresh process, cold (no warm-up
// pool), with V8's `--trace-opt --trace-deopt` switched on for the measured
// turns alone (BENCH_TRACE_JIT=1); alternating runs, medians. TurboFan's jobs
// run mostly on a background thread (their prepare and finalize phases on
// the main one), so most of their time shows in the process's CPU, not the
// main thread's. The times V8 reports are elapsed, not CPU: on a busy
// machine a background job waits for a core, so their sum is an upper bound
// of what they cost. The CPU of the threads other than the main one (the
// compiler's and the GC's helpers) is the process's minus the main
// thread's. `--jit-gc-on-main` runs the clients with V8's
// `--single-threaded-gc`, the GC's work then on the main thread: the other
// threads' CPU is then the compiler's (and little else). These runs are not
// the chat benchmark's; read them side by side.
//
// node bench/jit.mjs [--jit-n 1000] [--jit-turns 20] [--jit-runs 3] [--jit-gc-on-main] [--json]
// (also `npm run bench -- --only jit ...`)
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { runOutput, startServer } from './children.mjs';
import { median } from './frames.mjs';
import { PING_MS, scaleClientArgs } from './scale.mjs';

export const jitOptions = {
  'jit-n': { type: 'string', default: '1000' },
  'jit-turns': { type: 'string', default: '20' },
  'jit-runs': { type: 'string', default: '3' },
  'jit-gc-on-main': { type: 'boolean', default: false },
};

const kinds = ['raw', 'chat-ui'];

/** One traced client: its result line, and what TurboFan did in its measured turns. */
async function tracedClient(kind, url, n, turns, gcOnMain) {
  const args = scaleClientArgs(
    kind,
    url,
    n,
    turns,
    0,
    0,
    0,
    gcOnMain ? ['--single-threaded-gc'] : [],
  );
  const lines = (await runOutput(args, { BENCH_TRACE_JIT: '1' })).split('\n');
  const result = JSON.parse(lines.find((line) => line.startsWith('{')));
  const jobs = lines
    .map((line) =>
      /^\[completed compiling .*\(target TURBOFAN\)(?: OSR)? - took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(
        line,
      ),
    )
    .filter((match) => match !== null);
  // The three phases, elapsed: prepare and finalize on the main thread, execute on a background one.
  const turbofanMs = jobs.reduce((sum, [, a, b, c]) => sum + Number(a) + Number(b) + Number(c), 0);
  return {
    cpuUsPerTurn: result.cpuUsPerTurn,
    mainCpuUsPerTurn: result.mainCpuUsPerTurn,
    turbofanJobs: jobs.length,
    turbofanElapsedUsPerTurn: (turbofanMs * 1000) / (Number(n) * Number(turns)),
    deopts: lines.filter((line) => line.startsWith('[bailout (kind: deopt')).length,
  };
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
        samples[kind].push(
          await tracedClient(kind, server.url, n, turns, values['jit-gc-on-main']),
        );
      log(`jit run ${run}/${runs} done`);
    }
  } finally {
    server.child.kill();
  }
  const rows = kinds.map((kind) => {
    const of = (metric) => median(samples[kind].map((sample) => sample[metric]));
    // The main thread's CPU is known on Linux only (`null` elsewhere).
    const onLinux = samples[kind].every((sample) => sample.mainCpuUsPerTurn !== null);
    return {
      kind,
      cpuUsPerTurn: of('cpuUsPerTurn'),
      mainCpuUsPerTurn: onLinux ? of('mainCpuUsPerTurn') : null,
      otherThreadsUsPerTurn: onLinux
        ? median(samples[kind].map((sample) => sample.cpuUsPerTurn - sample.mainCpuUsPerTurn))
        : null,
      turbofanJobs: of('turbofanJobs'),
      turbofanElapsedUsPerTurn: of('turbofanElapsedUsPerTurn'),
      deopts: of('deopts'),
    };
  });
  return {
    sessions: Number(n),
    turns: Number(turns),
    runs,
    gcOnMain: values['jit-gc-on-main'],
    rows,
  };
}

export function describeJit({ sessions, turns, runs, gcOnMain, rows }) {
  const lines = [
    `V8's optimizing compiler during a cold process's measured turns: ${sessions} sessions, ${turns} turns each, median of ${runs} alternating runs${gcOnMain ? ', the GC on the main thread' : ''} (TurboFan's times are elapsed: an upper bound of its CPU)`,
    '',
    '| client | CPU µs/turn | main thread | other threads | TurboFan jobs | TurboFan elapsed µs/turn | deopts |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const us = (value) => (value === null ? 'n/a' : value.toFixed(1));
  for (const row of rows)
    lines.push(
      `| ${row.kind} | ${us(row.cpuUsPerTurn)} | ${us(row.mainCpuUsPerTurn)} | ${us(row.otherThreadsUsPerTurn)} | ${row.turbofanJobs} | ${us(row.turbofanElapsedUsPerTurn)} | ${row.deopts} |`,
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
