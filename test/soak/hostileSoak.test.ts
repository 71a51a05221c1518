import { runHostileSoak } from './hostileSoak';

describe('hostile platforms over real sockets (soak, small)', () => {
  it('ends every client cleanly or with 1007, whatever the frames', async () => {
    const report = await runHostileSoak(6, 200, 11);
    expect(report.unexpected).toEqual([]);
    expect(report.endedWith1007).toBeGreaterThan(0);
    expect(report.endedCleanly + report.endedWith1007).toBe(6);
  });
});
