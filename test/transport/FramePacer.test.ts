import { FRAMES_PER_TURN, paceFrames } from '../../src/transport/FramePacer';

// The pacer is one per process: earlier tests may have spent part of its
// budget, so these check bounds and order, not how many frames of a burst
// happen to go through at once.
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const burst = (count: number): number[] => Array.from({ length: count }, (_, i) => i);

describe('paceFrames', () => {
  it('hands on at most its budget in one turn of the loop, then the rest in later turns, in order', async () => {
    const delivered: number[] = [];
    const lane = paceFrames({ receive: (data) => delivered.push(data as number) });
    // Long enough that the queue is compacted on the way.
    const sent = burst(40 * FRAMES_PER_TURN);
    for (const frame of sent) lane.deliver(frame);
    const perTurn = [delivered.length];
    while (delivered.length < sent.length && perTurn.length < 60) {
      const before = delivered.length;
      await nextTurn();
      perTurn.push(delivered.length - before);
    }
    expect({
      order: delivered.join() === sent.join(),
      'no turn over budget': perTurn.every((count) => count <= FRAMES_PER_TURN),
      'turns it took': perTurn.length >= 40,
    }).toEqual({ order: true, 'no turn over budget': true, 'turns it took': true });
  });

  it('gives the budget back every turn: a process that keeps up never has a frame wait', async () => {
    const delivered: number[] = [];
    let pauses = 0;
    const lane = paceFrames(
      { receive: (data) => delivered.push(data as number) },
      { pause: () => (pauses += 1), resume: () => undefined },
    );
    // Whatever earlier tests left waiting drains first.
    await nextTurn();
    const inTurn: number[] = [];
    for (let turn = 0; turn < 8; turn += 1) {
      const before = delivered.length;
      for (const frame of burst(FRAMES_PER_TURN / 2)) lane.deliver(frame);
      inTurn.push(delivered.length - before);
      await nextTurn();
    }
    expect({ inTurn, pauses }).toEqual({
      inTurn: Array.from({ length: 8 }, () => FRAMES_PER_TURN / 2),
      pauses: 0,
    });
  });

  it("keeps a lane's order: a frame never passes one of its lane that waits", async () => {
    const delivered: string[] = [];
    const busy = paceFrames({ receive: () => undefined });
    const lane = paceFrames({ receive: (data) => delivered.push(data as string) });
    // Spend the budget, so the lane's first frame waits.
    for (const frame of burst(FRAMES_PER_TURN + 1)) busy.deliver(frame);
    lane.deliver('first');
    await nextTurn();
    lane.deliver('second');
    while (delivered.length < 2) await nextTurn();
    expect(delivered).toEqual(['first', 'second']);
  });

  it("hands on a lane's waiting frames at once when flushed, ahead of every other lane, and never twice", async () => {
    const delivered: string[] = [];
    const other = paceFrames({ receive: (data) => delivered.push(`other ${String(data)}`) });
    const lane = paceFrames({ receive: (data) => delivered.push(`lane ${String(data)}`) });
    for (const frame of burst(FRAMES_PER_TURN + 1)) other.deliver(frame);
    lane.deliver('a');
    lane.deliver('b');
    const seen = delivered.length;
    lane.flush();
    expect(delivered.slice(seen)).toEqual(['lane a', 'lane b']);
    while (delivered.filter((entry) => entry.startsWith('other')).length < FRAMES_PER_TURN + 1)
      await nextTurn();
    expect({
      lane: delivered.filter((entry) => entry.startsWith('lane')),
      // The flush took the lane's frames out of the queue, and nothing else.
      other: delivered.filter((entry) => entry.startsWith('other')).join(),
    }).toEqual({
      lane: ['lane a', 'lane b'],
      other: burst(FRAMES_PER_TURN + 1)
        .map((frame) => `other ${frame}`)
        .join(),
    });
  });

  it('drops what waits once stopped, and hands on nothing more', async () => {
    const delivered: unknown[] = [];
    const busy = paceFrames({ receive: () => undefined });
    const lane = paceFrames({ receive: (data) => delivered.push(data) });
    for (const frame of burst(FRAMES_PER_TURN + 1)) busy.deliver(frame);
    lane.deliver('waiting');
    lane.stop();
    lane.deliver('late');
    await nextTurn();
    await nextTurn();
    // With the budget fresh again, a stopped lane still hands on nothing.
    const idle = paceFrames({ receive: (data) => delivered.push(data) });
    idle.stop();
    idle.deliver('after stop, nothing waiting');
    await nextTurn();
    expect(delivered).toEqual([]);
  });
});

describe('paceFrames backpressure', () => {
  it('pauses its socket while any of its frames wait, and resumes it once none do', async () => {
    const calls: string[] = [];
    const delivered: number[] = [];
    const lane = paceFrames(
      { receive: (data) => delivered.push(data as number) },
      {
        pause: () => calls.push(`pause after ${delivered.length}`),
        resume: () => calls.push(`resume after ${delivered.length}`),
      },
    );
    const sent = burst(3 * FRAMES_PER_TURN);
    for (const frame of sent) lane.deliver(frame);
    const handedOnAtOnce = delivered.length;
    while (delivered.length < sent.length) await nextTurn();
    expect(calls).toEqual([`pause after ${handedOnAtOnce}`, `resume after ${sent.length - 1}`]);
  });

  it('resumes a paused socket when stopped, so its closing handshake can finish', async () => {
    const calls: string[] = [];
    const busy = paceFrames({ receive: () => undefined });
    const lane = paceFrames(
      { receive: () => undefined },
      {
        pause: () => calls.push('pause'),
        resume: () => calls.push('resume'),
      },
    );
    for (const frame of burst(FRAMES_PER_TURN + 1)) busy.deliver(frame);
    lane.deliver('waiting');
    lane.stop();
    lane.stop();
    // A lane that never paused its socket has nothing to resume.
    paceFrames(
      { receive: () => undefined },
      {
        pause: () => calls.push('pause (never paused)'),
        resume: () => calls.push('resume (never paused)'),
      },
    ).stop();
    await nextTurn();
    await nextTurn();
    expect(calls).toEqual(['pause', 'resume']);
  });
});
