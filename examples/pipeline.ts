import { from } from 'rxjs';
import { decodeFrames, pingTimeout, toTurns } from 'rxjs-text-stream';

const wire = [
  '{"type":"session_started","session_id":"ss_1","conversation_id":"conv_1"}',
  '{"type":"typing"}',
  '{"type":"tool_call_started","tool_name":"check_availability","call_id":"tc_1","input":{"date":"2026-07-15"}}',
  '{"type":"tool_call_completed","tool_name":"check_availability","call_id":"tc_1","result":"[\\"9:00 AM\\"]"}',
  '{"type":"message","role":"agent","text":"I have an opening at 9:00 AM."}',
  '{"type":"response_complete"}',
];

from(wire)
  .pipe(
    decodeFrames({ onDiagnostic: (d) => console.warn(d.message) }),
    pingTimeout(45_000),
    toTurns(),
  )
  .subscribe((turn) =>
    console.log(
      turn.index,
      turn.text,
      turn.toolCalls.map((c) => `${c.toolName}: ${c.status}`),
    ),
  );
