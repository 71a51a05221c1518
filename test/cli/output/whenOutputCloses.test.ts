import { PassThrough } from 'node:stream';
import { whenOutputCloses } from '../../../src/cli/output/whenOutputCloses';

describe('whenOutputCloses', () => {
  it('calls back once, however often the stream fails, and lets go of it when removed', () => {
    const stream = new PassThrough();
    const closed: string[] = [];
    const remove = whenOutputCloses(stream, (error) => closed.push(error.message));
    stream.emit('error', new Error('write EPIPE'));
    stream.emit('error', new Error('write EPIPE again'));
    expect(closed).toEqual(['write EPIPE']);
    remove();
    expect(stream.listenerCount('error')).toBe(0);
  });
});
