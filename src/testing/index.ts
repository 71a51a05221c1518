// rxjs-text-stream/testing: helpers for users' own tests, under any runner.
export { frames } from './frames.js';
export { frameMarbles, frameValues } from './frameMarbles.js';
export { FakeWebSocket, fakeWebSockets } from './FakeWebSocket.js';
export type { FakeWebSockets } from './FakeWebSocket.js';
export { createTestServer } from './createTestServer.js';
export type { CreateTestServerOptions } from './createTestServer.js';
export type { TestHooks } from './TestHooks.js';
