// A measurement, not a fix (bench/survivors.mjs, BENCH_WS_REUSE_FRAGMENTS=1
// in bench/scale-client.mjs): what one array literal inside `ws` costs a
// process that V8 has taught to allocate it old.
//
// `ws`'s receiver makes a new empty array for each message's fragments
// (`this._fragments = []` in `dataMessage`, ws/lib/receiver.js) and keeps it
// until the socket's next message, so while sockets sit quiet nearly every
// one of those arrays is alive. V8 pretenures an allocation site whose
// objects mostly outlive a scavenge, judging it only while the young
// generation is at its maximum size. A process holding a session's heap for
// each of 1000 connections reaches that maximum while they connect, its
// sockets quiet after their greeting; bare `ws`'s heap does not, and by the
// time its young generation is at the maximum, turns replace the arrays
// quickly and the site is judged short-lived for good. Once the site is
// pretenured, each message's buffer, pushed into an array allocated old,
// outlives every scavenge until a full GC finds the array dead.
//
// Here each socket's receiver keeps one array, emptied once the message is
// handed on, so no array V8 allocated old ever holds a young buffer. Text
// and `nodebuffer`/`arraybuffer` messages only: with `binaryType`
// 'fragments' `ws` hands the array itself on.
import { Receiver } from 'ws';

export function reuseFragmentArrays() {
  const dataMessage = Receiver.prototype.dataMessage;
  Receiver.prototype.dataMessage = function (cb) {
    const fragments = this._fragments;
    dataMessage.call(this, cb);
    // `ws` replaced the array only if the message was complete and handed on.
    if (this._fragments !== fragments) {
      fragments.length = 0;
      this._fragments = fragments;
    }
  };
}
