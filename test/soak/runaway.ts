import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Subject } from 'rxjs';
import {
  decodeFrames,
  defaultTurnLimits,
  pairToolCalls,
  toTurns,
  type Turn,
} from '../../src/index';

export interface RunawayReport {
  /** Frames the server sent in the one turn that never ended. */
  readonly framesSent: number;
  /** Their total size as JSON text. */
  readonly bytesSent: number;
  /** The most the live heap grew above its level before the turn, after a full GC. */
  readonly peakHeapGrowthBytes: number;
  /** The bound `TurnLimits` documents for one turn with the defaults. */
  readonly documentedBoundBytes: number;
  readonly truncated: boolean;
  readonly diagnostics: number;
  readonly escapedErrors: number;
}

/**
 * The memory a turn may use with the default limits: maxBytes of content,
 * stored in up to 2 bytes per UTF-16 unit, plus about 400 bytes of
 * bookkeeping per kept frame (see src/protocol/TurnLimits.ts).
 */
export const documentedTurnBoundBytes =
  defaultTurnLimits.maxBytes * 2 + defaultTurnLimits.maxFrames * 400;

// A full GC on demand, so the measure is what is retained, not garbage.
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * A turn that never ends: `frames` raw frames (1 KiB messages, tool calls
 * that never complete, completions with 2 KiB results, errors) fed through
 * decodeFrames, toTurns and pairToolCalls at once, as a session runs them.
 * The live heap is sampled after a full GC every `sampleEvery` frames.
 */
export function runRunawayTurn(frames: number, sampleEvery = 10_000): RunawayReport {
  const gc = fullGc();
  const raw$ = new Subject<string>();
  const decoded$ = raw$.pipe(decodeFrames());
  let turn: Turn | undefined;
  let diagnostics = 0;
  let escapedErrors = 0;
  const onError = () => (escapedErrors += 1);
  decoded$
    .pipe(toTurns({ onDiagnostic: () => (diagnostics += 1) }))
    .subscribe({ next: (value) => (turn = value), error: onError });
  decoded$
    .pipe(pairToolCalls({ onDiagnostic: () => (diagnostics += 1) }))
    .subscribe({ error: onError });

  const message = 'm'.repeat(1024);
  const result = 'r'.repeat(2048);
  let bytesSent = 0;
  const emit = (frame: string) => {
    bytesSent += frame.length;
    raw$.next(frame);
  };
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  emit('{"type":"typing"}');
  for (let i = 0; i < frames; i += 1) {
    switch (i % 4) {
      case 0:
        emit(`{"type":"message","role":"agent","text":"${message}"}`);
        break;
      case 1:
        emit(`{"type":"tool_call_started","tool_name":"t","call_id":"p${i}","input":{"n":${i}}}`);
        break;
      case 2:
        emit(
          `{"type":"tool_call_completed","tool_name":"t","call_id":"o${i}","result":"${result}"}`,
        );
        break;
      default:
        emit(`{"type":"error","message":"e${i}","__proto__":{"x":1}}`);
    }
    if (i % sampleEvery === sampleEvery - 1) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
  }
  emit('{"type":"response_complete"}');
  raw$.complete();
  return {
    framesSent: frames + 2,
    bytesSent,
    peakHeapGrowthBytes: peak,
    documentedBoundBytes: documentedTurnBoundBytes,
    truncated: turn?.truncated ?? false,
    diagnostics,
    escapedErrors,
  };
}
