/** The process streams a command uses, so tests can run it with their own. */
export interface CliIO {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Registers a handler for Ctrl-C / termination; returns its removal. */
  onInterrupt(handler: () => void): () => void;
}
