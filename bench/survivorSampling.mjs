// What a client's turns leave for the old generation (bench/survivors.mjs),
// measured inside a bench/scale-client.mjs process with BENCH_SURVIVORS=1.
//
// V8's sampling heap profiler, started before the measured turns and stopped
// right after them, with the objects a scavenge freed left out. A sample is
// dropped only when a GC frees its object, by the kind of that GC, so:
// - young garbage no GC has reached yet would count: a scavenge just before
//   stopping frees it;
// - young garbage a full GC frees (V8 runs one now and then during the
//   turns) counts too: the figure is an upper bound, by at most what the
//   new space held at each full GC (`fullGcYoungBytesPerTurn`, from V8's
//   GC profiler, which also counts the scavenges);
// - the profiler is stopped before the client's forced full GCs.
// What stays is what outlived a scavenge (promoted, or allocated old because
// V8 pretenured its allocation site) and is gone by the next full GC, or is
// still alive at the end.
//
// An allocation is named after the outermost function V8 ran it in: a
// function inlined into an optimized caller allocates in the caller's name,
// and a builtin's or Node's internals' allocation (an array's `push`, a
// `Buffer`) after the app or package code that called it.
import { Session } from 'node:inspector/promises';
import { GCProfiler } from 'node:v8';

// A sample every 128 bytes allocated, on average: small enough for a few
// thousand samples a second of turns, so sites of a few bytes a turn show.
const SAMPLING_INTERVAL = 128;
/** The allocation sites reported, most bytes first. */
const TOP_SITES = 10;
/** The file whose allocations are `ws`'s receiver parsing frames: its buffers' headers and the array per message. */
const WS_RECEIVER = 'ws/lib/receiver.js';

/** Starts sampling; `stop(turns)` resolves with the bytes per turn that survived, by allocation site. */
export async function sampleSurvivors() {
  const gcs = new GCProfiler();
  gcs.start();
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: false,
  });
  return {
    async stop(turns) {
      const { statistics } = gcs.stop();
      globalThis.gc({ type: 'minor' });
      const { profile } = await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      const fullGcs = statistics.filter(({ gcType }) => gcType === 'MarkSweepCompact');
      const fullGcYoungBytes = fullGcs.reduce(
        (sum, { beforeGC }) =>
          sum +
          beforeGC.heapSpaceStatistics.find(({ spaceName }) => spaceName === 'new_space')
            .spaceUsedSize,
        0,
      );
      const bySite = new Map();
      let wsReceiverBytes = 0;
      const walk = (node, caller) => {
        const { url } = node.callFrame;
        // The profiler's own work.
        if (url === 'node:inspector') return;
        const here = siteName(node.callFrame);
        const inside = url === '' || url.startsWith('node:');
        const site = inside && caller !== null ? `${here} in ${caller.name}` : here;
        const owner = inside && caller !== null ? caller.url : url;
        if (node.selfSize > 0) {
          bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
          if (owner.includes(WS_RECEIVER)) wsReceiverBytes += node.selfSize;
        }
        for (const child of node.children) walk(child, inside ? caller : { name: here, url });
      };
      walk(profile.head, null);
      let total = 0;
      for (const bytes of bySite.values()) total += bytes;
      return {
        bytesPerTurn: total / turns,
        wsReceiverBytesPerTurn: wsReceiverBytes / turns,
        scavenges: statistics.filter(({ gcType }) => gcType === 'Scavenge').length,
        fullGcs: fullGcs.length,
        fullGcYoungBytesPerTurn: fullGcYoungBytes / turns,
        sites: [...bySite]
          .sort((a, b) => b[1] - a[1])
          .slice(0, TOP_SITES)
          .map(([site, bytes]) => ({ site, bytesPerTurn: bytes / turns })),
      };
    },
  };
}

/** `function (package/file:line)`, the line being the function's own; this repository's files relative to it. */
function siteName({ functionName, url, lineNumber }) {
  const path = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\/esm\//, 'rxjs-text-stream/')
    .replace(/^.*\/(bench\/[^/]+)$/, '$1');
  return url === ''
    ? functionName || '(anonymous)'
    : `${functionName || '(anonymous)'} (${path}:${lineNumber + 1})`;
}
