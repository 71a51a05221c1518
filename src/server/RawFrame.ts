import type { ServerFrame } from '../protocol/serverFrames.js';

/**
 * A frame the server writes as given: a string goes out verbatim (so a test
 * can send malformed JSON), anything else as its JSON. It need not be a valid
 * {@link ServerFrame}: tests inject stray and broken frames with it.
 */
export type RawFrame = ServerFrame | object | string;

/** The frame's `type`, when it has a string one. */
export function frameType(frame: RawFrame): string | undefined {
  if (typeof frame !== 'object' || !('type' in frame)) return undefined;
  return typeof frame.type === 'string' ? frame.type : undefined;
}

/** The text that goes on the wire for `frame`. */
export function wireText(frame: RawFrame): string {
  return typeof frame === 'string' ? frame : JSON.stringify(frame);
}
