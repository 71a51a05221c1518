// A measurement, not a fix (bench/survivors.mjs and `--chat-ws-reuse` in
// bench/chat.mjs, through BENCH_WS_REUSE_FRAGMENTS=1 in
// bench/scale-client.mjs): what `ws`'s per-message array costs a process in
// which V8 allocates it old.
//
// `ws`'s receiver makes a new empty array for each message's fragments
// (`this._fragments = []` in `dataMessage`, ws/lib/receiver.js) and keeps it
// until the socket's next message, so while sockets sit quiet nearly every
// one of those arrays is alive. V8 pretenures an allocation site whose
// objects mostly outlive a scavenge (it decides "tenure" only while its
// young generation is at its maximum size). Once this site is pretenured,
// each message's buffer, pushed into an array allocated old, outlives every
// scavenge until a full GC finds that array dead.
//
// Here, once `ws` has handed a message on, its receiver goes back to the
// array it had before, emptied: `ws` still makes the new array, but drops it
// at once, so those arrays die young, or dead, hold no buffer. Text,
// `nodebuffer`, `arraybuffer` and `blob` messages only: with `binaryType`
// 'fragments' `ws` hands the array itself on, so it is left as it is.
import { Receiver } from 'ws';

/** The environment under which bench/scale-client.mjs applies {@link reuseFragmentArrays}. */
export const REUSE_FRAGMENTS_ENV = { BENCH_WS_REUSE_FRAGMENTS: '1' };

/** Applies {@link reuseFragmentArrays} when this process runs under {@link REUSE_FRAGMENTS_ENV}. */
export function reuseFragmentArraysIfAsked() {
  if (process.env.BENCH_WS_REUSE_FRAGMENTS === REUSE_FRAGMENTS_ENV.BENCH_WS_REUSE_FRAGMENTS)
    reuseFragmentArrays();
}

export function reuseFragmentArrays() {
  const dataMessage = Receiver.prototype.dataMessage;
  Receiver.prototype.dataMessage = function (cb) {
    if (this._binaryType === 'fragments') return dataMessage.call(this, cb);
    const fragments = this._fragments;
    dataMessage.call(this, cb);
    // `ws` replaced the array only if the message was complete and handed on.
    if (this._fragments !== fragments) {
      fragments.length = 0;
      this._fragments = fragments;
    }
  };
}
