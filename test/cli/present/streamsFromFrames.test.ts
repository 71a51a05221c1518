import { from, type Observable } from 'rxjs';
import { streamsFromFrames } from '../../../src/cli/present/ConversationStreams';
import { frames } from '../../../src/testing/frames';

const typesOf = (stream: Observable<{ type: string }>): string[] => {
  const seen: string[] = [];
  stream.subscribe((frame) => seen.push(frame.type));
  return seen;
};

describe('the streams of a replay', () => {
  it('give each presenter only the frames of its kind, once connected', () => {
    const streams = streamsFromFrames(
      from([
        frames.sessionStarted('c'),
        frames.typing(),
        frames.message('hi'),
        frames.error('oops'),
        frames.responseComplete(),
        frames.sessionEnded('completed'),
      ]),
    );
    const seen = {
      session$: typesOf(streams.session$),
      messages$: typesOf(streams.messages$),
      errors$: typesOf(streams.errors$),
      ended$: typesOf(streams.ended$),
    };
    streams.connect();
    expect(seen).toEqual({
      session$: ['session_started'],
      messages$: ['message'],
      errors$: ['error'],
      ended$: ['session_ended'],
    });
  });
});
