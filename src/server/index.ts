// rxjs-text-stream/server: the reference server (Node only).
export { startReferenceServer } from './ws.js';
export type { RunningReferenceServer, StartReferenceServerOptions } from './ws.js';
export { ReferenceServer } from './ReferenceServer.js';
export type { ReferenceServerOptions } from './ReferenceServer.js';
export type { ServerContext } from './ServerContext.js';
export { ScriptedAgent } from './ScriptedAgent.js';
export type { AgentMemory, AgentReply, AgentStep, ScriptedAgentOptions } from './ScriptedAgent.js';
export { ConversationStore } from './ConversationStore.js';
export type { Conversation, PendingTurn } from './ConversationStore.js';
export type { Fault } from './Fault.js';
export { allKindness } from './Kindness.js';
export type { Kindness } from './Kindness.js';
export type { RawFrame } from './RawFrame.js';
export type { Peer, PeerHandlers, PeerRequest } from './Peer.js';
export type { ConnectionRecord, ReceivedMessage } from './ConnectionRecord.js';
