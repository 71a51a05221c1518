/** How a chat ended: its exit code (docs/cli.md), and a word for `--json`'s last event. */
export interface Ending {
  readonly code: number;
  readonly reason:
    'session-ended' | 'input-ended' | 'quit' | 'interrupted' | 'output-closed' | 'error';
  /** One line for stderr, for an error. */
  readonly message?: string;
}

/** Ends the chat; the first call wins. */
export type Finish = (ending: Ending) => void;
