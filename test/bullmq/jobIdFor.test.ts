import fc from 'fast-check';
import { jobIdFor } from '../../src/bullmq/jobIdFor';

// BullMQ's rules for a custom job id (Job#validateOptions, Queue#addJob); the
// queue integration test enqueues such ids into a real queue too.
const bullmqAccepts = (jobId: string): boolean =>
  `${parseInt(jobId, 10)}` !== jobId && !jobId.includes(':') && jobId !== '0';

describe('jobIdFor', () => {
  it('is the script id itself when BullMQ takes it', () => {
    expect(['c1', 'conversation-0042', '012', '1.5', 'a b', 'ü-7', '-0'].map(jobIdFor)).toEqual([
      'c1',
      'conversation-0042',
      '012',
      '1.5',
      'a b',
      'ü-7',
      '-0',
    ]);
  });

  it('encodes what BullMQ refuses: integers, and ids with ":" or "%"', () => {
    expect(['12', '0', '-5', 'a:b', '50%', '%3A'].map(jobIdFor)).toEqual([
      '%312',
      '%30',
      '%2D5',
      'a%3Ab',
      '50%25',
      '%253A',
    ]);
    expect(['12', '0', '-5', 'a:b'].map((id) => bullmqAccepts(id))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('gives every id a job id BullMQ takes, distinct and decoding back to the id', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 1 }),
          fc.integer().map(String),
          fc.constantFrom(':', '%', '0:1'),
        ),
        fc.string({ minLength: 1 }),
        (id, other) => {
          const jobId = jobIdFor(id);
          expect(bullmqAccepts(jobId)).toBe(true);
          expect(decodeURIComponent(jobId)).toBe(id);
          if (other !== id) expect(jobIdFor(other)).not.toBe(jobId);
        },
      ),
    );
  });
});
