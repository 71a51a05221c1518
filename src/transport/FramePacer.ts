/**
 * How many inbound frames the `ws` sockets of a process hand on in one turn
 * of the event loop before the rest wait for the next. A few milliseconds of
 * a session's work: short enough that timers run on time, large enough that
 * a lightly loaded process never waits at all.
 */
export const FRAMES_PER_TURN = 512;

/** One socket's frames on their way to its connection, in order. */
export interface FrameLane {
  /** Hands `data` on now, or after the frames that wait before it. */
  deliver(data: unknown): void;
  /** Hands on everything still waiting, now: before the socket's close is handled. */
  flush(): void;
  /** Drops what waits; nothing more is handed on. */
  stop(): void;
}

/** Where a lane hands its frames: an object rather than a callback, so a connection needs no closure for it. */
export interface FrameReceiver {
  receive(data: unknown): void;
}

/** Stops and restarts reading a socket, so frames that wait are not joined by more. */
export interface Backpressure {
  pause(): void;
  resume(): void;
}

/**
 * A {@link FrameLane} for `handle`, paced with every other lane of the
 * process.
 *
 * libuv runs no timer until it has drained every socket that is ready, batch
 * after batch (up to 48 batches of 1024), so a process whose sockets bring
 * more work than it can do in one turn of the loop would otherwise hold every
 * timer back for as long as that work takes: the library's deadlines and the
 * app's alike, for seconds with thousands of busy sessions. Past
 * {@link FRAMES_PER_TURN} frames, frames wait in one queue that a
 * `setImmediate` drains the same number at a time, and timers run between
 * the drains. A lane's frames keep their order: once one waits, the ones
 * after it wait too. While any wait, the lane's socket is paused
 * (`backpressure`), so a server sending faster than the process can keep up
 * is held back by TCP, as it is without pacing, rather than queued in memory.
 */
export function paceFrames(receiver: FrameReceiver, backpressure?: Backpressure): FrameLane {
  return new Lane(receiver, backpressure);
}

/** @internal A {@link FrameLane}; `defaultWebSocket` extends it for `ws` sockets. */
export class Lane<
  Receiver extends FrameReceiver = FrameReceiver,
  Source extends Backpressure = Backpressure,
> implements FrameLane {
  readonly receiver: Receiver;
  readonly backpressure: Source | undefined;
  /** Frames of this lane in the queue. */
  waiting = 0;
  stopped = false;

  constructor(receiver: Receiver, backpressure: Source | undefined) {
    this.receiver = receiver;
    this.backpressure = backpressure;
  }

  deliver(data: unknown): void {
    if (this.stopped) return;
    if (this.waiting === 0 && pacer.take()) this.receiver.receive(data);
    else {
      if (this.waiting === 0) this.backpressure?.pause();
      pacer.enqueue(this, data);
    }
  }

  /** @internal Hands on one frame that waited. */
  release(data: unknown): void {
    this.waiting -= 1;
    if (this.stopped) return;
    if (this.waiting === 0) this.backpressure?.resume();
    this.receiver.receive(data);
  }

  flush(): void {
    if (this.waiting > 0) pacer.flush(this);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    // A paused socket reads no more, not even the server's answer to our
    // close: `ws` would hold it open until its 30 s close timeout.
    if (this.waiting > 0) this.backpressure?.resume();
  }
}

/** The process's one budget and queue. */
class Pacer {
  /** Frames handed on since the queue was last drained. */
  #used = 0;
  /** Lanes and their frames, alternately, from `#head` on. */
  #queue: unknown[] = [];
  #head = 0;
  #scheduled = false;

  /**
   * Counts one frame against this turn's budget; false once it is spent. The
   * turn's first frame schedules the drain that gives the budget back once
   * the loop has read its sockets, so the budget is a turn's, not the
   * process's: frames of a process that keeps up never wait.
   */
  take(): boolean {
    if (this.#used >= FRAMES_PER_TURN) return false;
    this.#used += 1;
    this.#schedule();
    return true;
  }

  enqueue(lane: Lane, data: unknown): void {
    lane.waiting += 1;
    this.#queue.push(lane, data);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#drain);
  }

  /** Hands on `lane`'s waiting frames, in order, ahead of the others. */
  flush(lane: Lane): void {
    const queue = this.#queue;
    for (let index = this.#head; index < queue.length && lane.waiting > 0; index += 2) {
      if (queue[index] !== lane) continue;
      const data = queue[index + 1];
      // Left in place as an empty slot: the drain skips it.
      queue[index] = null;
      queue[index + 1] = undefined;
      lane.release(data);
    }
  }

  // The end of a turn of the loop (its sockets read): a fresh budget, spent
  // on the frames that waited longest; what is left waits for the next turn,
  // timers running between. With nothing left, the next turn starts afresh.
  readonly #drain = (): void => {
    this.#scheduled = false;
    this.#used = 0;
    const queue = this.#queue;
    try {
      while (this.#head < queue.length && this.#used < FRAMES_PER_TURN) {
        const lane = queue[this.#head] as Lane | null;
        const data = queue[this.#head + 1];
        queue[this.#head] = null;
        queue[this.#head + 1] = undefined;
        this.#head += 2;
        if (lane === null) continue;
        this.#used += 1;
        lane.release(data);
      }
    } finally {
      if (this.#head >= queue.length) {
        queue.length = 0;
        this.#head = 0;
        this.#used = 0;
      } else {
        // Under a load that never lets the queue empty, drop the drained
        // half now and then rather than let the array grow for good.
        if (this.#head > 8192 && this.#head * 2 > queue.length) {
          queue.splice(0, this.#head);
          this.#head = 0;
        }
        if (!this.#scheduled) {
          this.#scheduled = true;
          setImmediate(this.#drain);
        }
      }
    }
  };
}

const pacer = new Pacer();
