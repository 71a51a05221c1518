/** What `text-stream COMMAND --help` prints: the command's flags, each with what it does. */
export const COMMAND_HELP = {
  chat: `usage: text-stream [chat] [flags]

Talks to a text-stream agent: a prompt on a terminal, one message per line when stdin is piped.

  --url URL               the server (ws:, wss:, http: or https:); without it, an embedded
                          reference server on 127.0.0.1 with tool events on
  --conversation-id ID    resume this conversation instead of starting a new one
  --tool-events           ask for tool_call_started / tool_call_completed frames
  --no-tool-events        do not ask for them (the default with --url)
  --param KEY=VALUE       an extra query parameter (workspace_id, service_id, ...); repeatable
  --token TOKEN           the bearer token (or TEXT_STREAM_TOKEN); never printed or recorded
  --auth subprotocol|query  how the token travels (default subprotocol: kept out of the URL)
  --json                  one JSON event per line on stdout, for jq and pipelines
  --record FILE           write every received frame with its arrival time (NDJSON)
  --greeting-timeout MS   how long a new conversation may take to start its greeting before
                          the first message goes out (default 5000; 0 for a server that never greets)

On a terminal, type a message and press Enter; Up and Down recall earlier lines.
  /help                   list these commands (never sent to the agent)
  /stop                   ask the server to end the session
  /quit                   leave (Ctrl-D too, once the answers you are waiting for arrive)
  //TEXT                  send /TEXT as a message
Exit codes: 0 completed or every message answered, 1 error, 2 bad usage, 130 interrupted,
141 stdout was closed early.`,
  serve: `usage: text-stream serve [flags]

Runs the reference server until Ctrl-C or SIGTERM.

  --host HOST             the address to listen on (default 127.0.0.1)
  --port PORT             the port, 0 to 65535 (default 0: any free port)
  --token TOKEN           require this bearer token (or TEXT_STREAM_TOKEN)
  --ping-interval MS      send a ping every MS milliseconds (default 15000; 0 turns pings off)
  --frame-delay MS        space an answer's frames MS apart, so a typing indicator shows
  --fault SPEC            queue a fault for the next connection; repeatable:
                            drop:N        cut the TCP connection after N frames (1006)
                            drop:N:CODE   close with CODE after N frames
                            reject:CODE   close at once with CODE
                            silence:N     go quiet after N frames
  --noise                 add an unknown frame and a malformed one before every answer`,
  replay: `usage: text-stream replay FILE [flags]

Plays a recording made with 'chat --record' through the same operators, printed as chat prints.

  --json                  one JSON event per line, as 'chat --json'
  --instant               ignore the recorded timing and print everything at once`,
  run: `usage: text-stream run [FILE|-] [flags]

Runs scripted conversations, each on its own session, and checks what the agent did.
FILE (or stdin) holds one script a line: {"id": "c1", "turns": ["Hi", {"text": "next Tuesday",
"expect": {"toolCalls": ["check_availability"]}}]}. See docs/pipelines.md.

  --url URL               the server; without it, the embedded reference server on 127.0.0.1
  --concurrency N         conversations at once, each on its own socket (default 10)
  --json                  one JSON event per line on stdout: turns, conversations, the summary last
  --param KEY=VALUE       an extra query parameter (workspace_id, service_id, ...); repeatable
  --token TOKEN           the bearer token (or TEXT_STREAM_TOKEN); never printed
  --auth subprotocol|query  how the token travels (default subprotocol)
  --greeting-timeout MS   how long a new conversation may take to start its greeting (default 5000)
  --turn-timeout MS       how long a turn may take before the conversation fails (default 120000)

On a terminal, a progress line on stderr and a summary table at the end.
Exit codes: 0 every conversation met its expectations, 1 any failed, 2 bad usage or a bad
script line, 130 interrupted (every socket closed, the partial summary printed).`,
  enqueue: `usage: text-stream enqueue FILE --redis URL --queue NAME [flags]

Adds one BullMQ job per script of FILE (NDJSON, as 'run' reads), its job id the script's id:
a script already in the queue is not added again. Needs bullmq and ioredis installed.

  --redis URL             the Redis server (redis://HOST:PORT, rediss:// for TLS)
  --queue NAME            the queue (no ':')
  --attempts N            runs a conversation may get when it fails for a retryable reason
                          (the agent unreachable, a turn timeout), the first included (default 3)
  --backoff MS            the wait before the first retry, doubling for each next (default 1000)`,
  worker: `usage: text-stream worker --redis URL --queue NAME [flags]

Runs the queue's conversations as 'run' runs them (same expectations, timeouts and failure
reasons) until SIGTERM or Ctrl-C: the first finishes the running conversations, a second exits
at once and leaves them to another worker. Needs bullmq and ioredis installed.

  --redis URL             the Redis server (redis://HOST:PORT, rediss:// for TLS)
  --queue NAME            the queue (no ':')
  --url URL               the agent; without it, an embedded reference server on 127.0.0.1
  --concurrency N         conversations at once in this process, each on its own socket (default 10)
  --param KEY=VALUE       an extra query parameter (workspace_id, service_id, ...); repeatable
  --token TOKEN           the bearer token (or TEXT_STREAM_TOKEN); never printed
  --auth subprotocol|query  how the token travels (default subprotocol)
  --greeting-timeout MS   how long a new conversation may take to start its greeting (default 5000)
  --turn-timeout MS       how long a turn may take before the conversation fails (default 120000)
  --lock-duration MS      how long a job stays this worker's without a renewal: a dead worker's
                          conversations run again elsewhere after about this long (default 30000)
  --stalled-interval MS   how often this worker looks for such jobs (default 30000)`,
  results: `usage: text-stream results --redis URL --queue NAME [--json] [--no-wait]

Once every job of the queue is done, the summary 'run' prints, and its exit code: 0 when every
conversation passed, 1 otherwise.

  --redis URL             the Redis server (redis://HOST:PORT, rediss:// for TLS)
  --queue NAME            the queue (no ':')
  --json                  every conversation event, then the summary, one JSON object a line
  --no-wait               read what is done now, without waiting for the rest`,
} as const;

export type CommandName = keyof typeof COMMAND_HELP;
