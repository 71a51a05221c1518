// A chat page on the browser entry: the global WebSocket, never `ws`.
// The server URL comes from the page's query string: ?ws=ws://127.0.0.1:PORT/agent/text-stream
import { connect, type ToolCall } from 'rxjs-text-stream';

const url =
  new URLSearchParams(location.search).get('ws') ??
  `ws://${location.hostname}:8080/agent/text-stream`;
const session = connect({
  url,
  toolEvents: true,
  reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
});

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = element<HTMLUListElement>('log');
const state = element<HTMLParagraphElement>('state');
const typing = element<HTMLParagraphElement>('typing');

function say(kind: 'agent' | 'you' | 'tool', text: string): void {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  log.append(item);
}

const describe = (call: ToolCall) =>
  `${call.toolName}(${JSON.stringify(call.input)}) → ${call.result ?? 'no result'} ${call.succeeded ? '✓' : '✗'}`;

let opened = false;
session.state$.subscribe((value) => {
  state.textContent = value;
  state.dataset.state = value;
  if (value === 'reconnecting' && opened) say('agent', '(connection lost; reconnecting…)');
  if (value === 'open') opened = true;
});
session.typing$.subscribe((busy) => (typing.textContent = busy ? 'the agent is typing…' : ''));
session.sent$.subscribe((message) => {
  if (!message.resend) say('you', message.text);
});
session.turns$.subscribe((turn) => {
  for (const call of turn.toolCalls) say('tool', describe(call));
  if (turn.text) say('agent', turn.text);
});
session.ended$.subscribe((ended) => say('agent', `(session ended: ${ended.reason})`));

element<HTMLFormElement>('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = element<HTMLInputElement>('message');
  const text = input.value.trim();
  input.value = '';
  if (text)
    session.send(text).subscribe({ error: (error: Error) => say('agent', `(${error.message})`) });
});
