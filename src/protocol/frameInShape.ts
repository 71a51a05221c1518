import { isToolInput } from './isToolInput.js';

/**
 * True when `value`, a plain object, is a known frame that every rule of
 * `frameFields` accepts as it is, with no default to fill in: what nearly
 * every frame from a real server is. The decoder returns such a frame
 * without walking the rules.
 *
 * The same verdict as the rules, written out per type: the rules are walked
 * with keys read from a table, which V8 cannot cache per frame type, and
 * cost about as much again as `JSON.parse` of a small frame; this reads each
 * field by name. A test holds it to the rules on generated frames.
 */
export function frameInShape(value: Readonly<Record<string, unknown>>): boolean {
  switch (value.type) {
    case 'typing':
    case 'ping':
      return true;
    case 'message':
      return typeof value.role === 'string' && typeof value.text === 'string';
    case 'response_complete':
      return typeof value.duplicate === 'boolean';
    case 'tool_call_started': {
      const parent = value.parent_call_id;
      return (
        typeof value.tool_name === 'string' &&
        typeof value.call_id === 'string' &&
        isToolInput(value.input) &&
        (parent === undefined || typeof parent === 'string')
      );
    }
    case 'tool_call_completed':
      return (
        typeof value.tool_name === 'string' &&
        typeof value.call_id === 'string' &&
        typeof value.result === 'string' &&
        typeof value.succeeded === 'boolean'
      );
    case 'session_started':
      return typeof value.session_id === 'string' && typeof value.conversation_id === 'string';
    case 'session_ended':
      return typeof value.reason === 'string';
    case 'error':
      return typeof value.message === 'string';
    default:
      return false;
  }
}
