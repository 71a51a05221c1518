import { once } from 'node:events';
import WebSocket from 'ws';

/** A frame as the raw client parsed it (a non-JSON frame is kept as its text). */
export type Frame = { readonly type?: unknown; readonly [key: string]: unknown } | string;

/** A bare `ws` client that records every frame, for testing the server without the library. */
export interface RawClient {
  /** Every frame received so far, pings included, in order. */
  readonly frames: readonly Frame[];
  /** The frame `session_started` (awaited by {@link rawClient} before it resolves). */
  readonly started: { readonly conversation_id: string; readonly session_id: string };
  /** Writes `frame`: a string verbatim, anything else as JSON. */
  send(frame: object | string): void;
  /**
   * The frames after the last read up to and including the first one of
   * `type`, pings left out; waits for it to arrive.
   */
  readUntil(type: string): Promise<Frame[]>;
  /** Resolves with the close code once the socket has closed. */
  readonly closed: Promise<number>;
}

const open: WebSocket[] = [];

afterEach(() => {
  for (const socket of open.splice(0)) socket.terminate();
});

/** Connects to `url` with `query`, and resolves once `session_started` has arrived. */
export async function rawClient(
  url: string,
  query: Readonly<Record<string, string>> = {},
): Promise<RawClient> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
  const socket = new WebSocket(target);
  open.push(socket);
  const frames: Frame[] = [];
  let cursor = 0;
  let arrived: () => void = () => undefined;
  socket.on('message', (data) => {
    const text = String(data);
    try {
      frames.push(JSON.parse(text) as Frame);
    } catch {
      frames.push(text);
    }
    arrived();
  });
  const closed = once(socket, 'close').then(([code]) => code as number);
  // Wakes every reader on each frame or on close, so none waits on a dead socket for good.
  const nextEvent = () =>
    new Promise<void>((resolve, reject) => {
      arrived = resolve;
      void closed.then(() => reject(new Error(`socket closed; frames: ${JSON.stringify(frames)}`)));
    });

  const readUntil = async (type: string): Promise<Frame[]> => {
    for (;;) {
      const at = frames.findIndex((frame, index) => index >= cursor && typeOf(frame) === type);
      if (at >= 0) {
        const read = frames.slice(cursor, at + 1).filter((frame) => typeOf(frame) !== 'ping');
        cursor = at + 1;
        return read;
      }
      await nextEvent();
    }
  };

  await once(socket, 'open');
  const [started] = await readUntil('session_started');
  return {
    frames,
    started: started as RawClient['started'],
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    readUntil,
    closed,
  };
}

/** A frame's `type`, if it has one. */
export function typeOf(frame: Frame): unknown {
  return typeof frame === 'string' ? undefined : frame.type;
}

/** The `type`s of `frames`, in order. */
export const types = (frames: readonly Frame[]): unknown[] => frames.map(typeOf);
