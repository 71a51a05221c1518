import type { Diagnostic } from './Diagnostic.js';
import { preview } from './preview.js';
import type { ServerFrame } from './serverFrames.js';

/**
 * The one `turn-limit` diagnostic of a turn, for the frame at which a limit
 * cut it: `toTurns` (through `TurnAssembler`) and `pairToolCalls` report the
 * same shape.
 */
export function turnLimitDiagnostic(frame: ServerFrame, message: string): Diagnostic {
  return { kind: 'turn-limit', message, frameType: frame.type, preview: preview(frame) };
}
