/** Bad command-line usage: exit code 2, one line and the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: text-stream [chat] [--url URL] [--conversation-id ID] [--tool-events | --no-tool-events]
                   [--param KEY=VALUE]... [--token TOKEN] [--auth subprotocol|query] [--json] [--record FILE]
       text-stream serve [--host HOST] [--port PORT] [--token TOKEN] [--ping-interval MS] [--frame-delay MS]
                   [--fault drop:N[:CODE] | reject:CODE | silence:N]... [--noise]
       text-stream replay FILE [--json] [--instant]
       text-stream run [FILE|-] [--url URL] [--concurrency N] [--json] [--token TOKEN] [--param KEY=VALUE]...
       text-stream enqueue FILE --redis URL --queue NAME [--attempts N] [--backoff MS]
       text-stream worker --redis URL --queue NAME [--url URL] [--concurrency N] [...]
       text-stream results --redis URL --queue NAME [--json] [--no-wait]
       text-stream --version

Without --url, chat and run start the embedded reference server on 127.0.0.1 and talk to it.
The token may also come from TEXT_STREAM_TOKEN; it is never printed or recorded.
Run 'text-stream COMMAND --help' for what each flag does.`;
