import { createInterface } from 'node:readline';
import type { Subscription } from 'rxjs';
import { SessionClosedError } from '../../session/errors.js';
import type { TextStreamSession } from '../../session/TextStreamSession.js';
import type { CliIO } from '../CliIO.js';
import type { ConversationStreams } from '../present/ConversationStreams.js';
import { presentHuman, type HumanOutput } from '../present/presentHuman.js';
import { PromptScreen } from '../terminal/PromptScreen.js';
import type { Finish } from './Ending.js';

export const SLASH_COMMANDS = [
  '/help   list these commands',
  '/stop   ask the server to end the session',
  '/quit   leave, once the answers you are waiting for arrive (Ctrl-D too)',
  '//text  send "/text" as a message',
];

/**
 * A chat on a terminal: a prompt with history, output above it, a typing
 * indicator that never touches what is being typed, and slash commands.
 * Ctrl-D (or /quit) waits for the answers already asked for; Ctrl-C clears
 * the line, or leaves (130) when it is empty.
 */
export function repl(
  session: TextStreamSession,
  streams: ConversationStreams,
  io: CliIO,
  finish: Finish,
  subscriptions: Subscription,
): void {
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    prompt: 'you> ',
    terminal: true,
    historySize: 1000,
    removeHistoryDuplicates: true,
  });
  // Cursor control only where it is understood: a terminal that is not 'dumb'.
  const ansi = io.stdout.isTTY === true && io.env.TERM !== 'dumb';
  const screen = new PromptScreen(rl, io.stdout, ansi);
  const out: HumanOutput = {
    line: (text) => screen.print(text),
    note: (text) => screen.print(`(${text})`),
    terminal: {
      typing: (on) => screen.status(on ? 'agent is typing...' : null),
      waiting: (text) => screen.status(text),
    },
  };
  const pending = new Set<Promise<void>>();
  let leaving = false;
  let waiting = false;

  screen.print(`text-stream chat: type a message and press Enter. Commands: /help /stop /quit`);
  subscriptions.add(presentHuman(streams, out));
  screen.prompt();
  subscriptions.add(() => {
    leaving = true;
    waiting = false;
    screen.dismiss();
    rl.close();
  });

  const send = (text: string) => {
    const answered = new Promise<void>((resolve) => {
      session.send(text).subscribe({
        complete: resolve,
        error: (error: unknown) => {
          if (!(error instanceof SessionClosedError)) out.note((error as Error).message);
          resolve();
        },
      });
    });
    pending.add(answered);
    void answered.then(() => pending.delete(answered));
  };

  rl.on('line', (line) => {
    screen.entered(line);
    const text = line.trim();
    if (text === '/help') screen.print(...SLASH_COMMANDS.map((command) => `  ${command}`));
    else if (text === '/quit') return void rl.close();
    else if (text === '/stop') {
      out.note('asking the server to end the session');
      session.stop();
    } else if (text.startsWith('//')) send(text.slice(1));
    else if (text.startsWith('/'))
      out.note(`${text.split(/\s/)[0] ?? text} is not a command; /help lists them`);
    else if (text !== '') send(text);
    screen.prompt();
  });
  rl.on('SIGINT', () => {
    if (rl.line !== '') {
      // As in a shell: Ctrl-C drops what was typed and keeps the chat.
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    screen.newline();
    finish({ code: 130, reason: 'interrupted' });
  });
  // Once readline has let go of the terminal, Ctrl-C is a signal and the
  // terminal echoes '^C' itself; end that line so the shell's prompt is clean.
  subscriptions.add(
    io.onInterrupt(() => {
      if (waiting) io.stdout.write('\n');
    }),
  );
  rl.on('close', () => {
    if (leaving) return;
    leaving = true;
    waiting = true;
    screen.newline();
    if (pending.size > 0)
      out.note(
        `waiting for ${pending.size} answer${pending.size > 1 ? 's' : ''}; Ctrl-C leaves now`,
      );
    void Promise.all(pending).then(() => finish({ code: 0, reason: 'input-ended' }));
  });
}
