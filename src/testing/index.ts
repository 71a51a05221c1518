// rxjs-text-stream/testing: helpers for users' own tests.
export { frames } from './frames.js';
export { FakeWebSocket, fakeWebSockets } from './FakeWebSocket.js';
export { createTestServer } from './createTestServer.js';
