import type { Diagnostic } from '../protocol/Diagnostic.js';
import type { TurnLimits } from '../protocol/TurnLimits.js';

/** Options of `toTurns` and `pairToolCalls`: how much a turn may hold, and who hears when it is cut. */
export interface TurnLimitOptions {
  /** Bounds per turn; unset fields take the defaults (`defaultTurnLimits`). */
  readonly limits?: Partial<TurnLimits>;
  /** Called with one `turn-limit` diagnostic for each turn a limit cut. */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}
