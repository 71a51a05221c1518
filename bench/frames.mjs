import { readFileSync } from 'node:fs';

// The benchmark's frame mix: turns of typing, tool-call pairs, a message and
// response_complete, with a ping every few turns. Deterministic.
export function makeFrames(count) {
  const frames = [
    JSON.stringify({
      type: 'session_started',
      session_id: 'ss_bench',
      conversation_id: 'conv_bench',
    }),
  ];
  let turn = 0;
  while (frames.length < count) {
    turn += 1;
    frames.push('{"type":"typing"}');
    const calls = turn % 3; // 0, 1 or 2 tool calls per turn
    for (let c = 0; c < calls; c += 1) {
      const id = `tc_${turn}_${c}`;
      frames.push(
        JSON.stringify({
          type: 'tool_call_started',
          tool_name: 'check_availability',
          call_id: id,
          input: { date: '2026-07-15', turn },
        }),
      );
      frames.push(
        JSON.stringify({
          type: 'tool_call_completed',
          tool_name: 'check_availability',
          call_id: id,
          result: '{"slots":["9:00 AM","2:00 PM"]}',
          succeeded: true,
        }),
      );
    }
    frames.push(
      JSON.stringify({
        type: 'message',
        role: 'agent',
        text: `I have openings at 9:00 AM and 2:00 PM next Tuesday (turn ${turn}). Which works better?`,
      }),
    );
    frames.push('{"type":"response_complete","duplicate":false}');
    if (turn % 4 === 0) frames.push('{"type":"ping"}');
  }
  frames.push('{"type":"session_ended","reason":"completed"}');
  return frames;
}

/**
 * The `converse` server's answer to one message: typing, one tool-call pair,
 * a message and response_complete. The scale benchmark's server sends it;
 * bench/turns.mjs feeds it in-process.
 */
export function converseAnswer(callId, turn) {
  return [
    '{"type":"typing"}',
    JSON.stringify({
      type: 'tool_call_started',
      tool_name: 'check_availability',
      call_id: callId,
      input: { date: '2026-07-15', turn },
    }),
    JSON.stringify({
      type: 'tool_call_completed',
      tool_name: 'check_availability',
      call_id: callId,
      result: '{"slots":["9:00 AM","2:00 PM"]}',
      succeeded: true,
    }),
    JSON.stringify({
      type: 'message',
      role: 'agent',
      text: `I have openings at 9:00 AM and 2:00 PM next Tuesday (turn ${turn}). Which works better?`,
    }),
    '{"type":"response_complete","duplicate":false}',
  ];
}

/** What a client should count for `frames`: turns and paired tool calls. */
export function expectedCounts(frames) {
  let turns = 0;
  let calls = 0;
  for (const frame of frames) {
    if (frame.includes('"response_complete"')) turns += 1;
    if (frame.includes('"tool_call_completed"')) calls += 1;
  }
  return { turns, calls };
}

/**
 * The raw baseline: hand-written pairing, what a careful user would write
 * without a library. Feed it parsed frames; `onEnd` gets the counts at
 * session_ended. Both the socket and the in-process measurements use it.
 */
export function handPairing(onEnd = () => undefined) {
  const pending = new Map();
  const counts = { turns: 0, calls: 0 };
  const onFrame = (frame) => {
    switch (frame.type) {
      case 'tool_call_started':
        pending.set(frame.call_id, frame);
        break;
      case 'tool_call_completed':
        pending.delete(frame.call_id);
        counts.calls += 1;
        break;
      case 'response_complete':
        pending.clear();
        counts.turns += 1;
        break;
      case 'session_ended':
        onEnd(counts);
    }
  };
  return { onFrame, counts };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * CPU time of the main thread alone, in µs, where Linux tells it (`null`
 * elsewhere): `process.cpuUsage()` also counts V8's compiler and GC threads.
 * /proc counts in ticks of 10 ms (USER_HZ = 100).
 */
export function mainThreadCpuUs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses: utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}
