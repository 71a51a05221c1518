// What a client's turns leave for the old generation (bench/survivors.mjs),
// measured inside a bench/scale-client.mjs process with BENCH_SURVIVORS=1.
//
// V8's sampling heap profiler, started before the measured turns and stopped
// right after them, with the objects a scavenge freed left out: what stays is
// what outlived a scavenge (promoted, or allocated old because V8 pretenured
// its allocation site) or is still alive at the end. The end holds little:
// every turn is answered by then. It is stopped before the client's forced
// full GCs, which would otherwise count young garbage as surviving.
import { Session } from 'node:inspector/promises';

/** One sample in this many bytes allocated, on average. */
const SAMPLING_INTERVAL = 128;
/** The allocation sites reported, most bytes first. */
const TOP_SITES = 10;

/** Starts sampling; `stop(turns)` resolves with the bytes per turn that survived, by allocation site. */
export async function sampleSurvivors() {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: false,
  });
  return {
    async stop(turns) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      const bySite = new Map();
      // A builtin's allocation (an array's `push`) is named with its caller's.
      const walk = (node, caller) => {
        const here = siteName(node.callFrame);
        const site = node.callFrame.url === '' && caller !== '' ? `${here} in ${caller}` : here;
        if (node.selfSize > 0) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
        for (const child of node.children) walk(child, node.callFrame.url === '' ? caller : here);
      };
      walk(profile.head, '');
      let total = 0;
      for (const bytes of bySite.values()) total += bytes;
      return {
        bytesPerTurn: total / turns,
        sites: [...bySite]
          .sort((a, b) => b[1] - a[1])
          .slice(0, TOP_SITES)
          .map(([site, bytes]) => ({ site, bytesPerTurn: bytes / turns })),
      };
    },
  };
}

/** `function (package/file:line)`, the line being the function's own. */
function siteName({ functionName, url, lineNumber }) {
  const path = url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\/esm\//, 'rxjs-text-stream/');
  return `${functionName || '(anonymous)'} (${path.replace(/^file:\/\//, '')}:${lineNumber + 1})`;
}
