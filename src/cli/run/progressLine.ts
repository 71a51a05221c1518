/** Where a run stands, for its progress line. */
export interface RunProgress {
  /** Conversations finished, passed or failed. */
  readonly done: number;
  readonly failed: number;
  readonly running: number;
  /** Scripts in the input, once counted; `undefined` for stdin or while counting. */
  readonly total: number | undefined;
  readonly elapsedMs: number;
}

const BAR = 20;

/**
 * One line for a terminal: `[#####...............] 120/500 done · 3 failed ·
 * 50 running · 45.2/s · ETA 0:08` (no bar or ETA while the total is unknown).
 */
export function progressLine(progress: RunProgress): string {
  const { done, failed, running, total, elapsedMs } = progress;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const parts = [
    total === undefined ? `${done} done` : `${bar(done, total)} ${done}/${total} done`,
    `${failed} failed`,
    `${running} running`,
    `${rate.toFixed(1)}/s`,
  ];
  if (total !== undefined && rate > 0) parts.push(`ETA ${clock((total - done) / rate)}`);
  return parts.join(' · ');
}

function bar(done: number, total: number): string {
  const filled = total > 0 ? Math.min(BAR, Math.round((done / total) * BAR)) : BAR;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
}

/** `m:ss`, or `h:mm:ss` past an hour. */
function clock(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
