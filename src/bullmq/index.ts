// rxjs-text-stream/bullmq: conversations as jobs of a BullMQ queue on Redis,
// run by as many worker processes as needed (Node only; bullmq is an
// optional peer dependency, and nothing here is in the main entry).
export { enqueueScripts } from './enqueueScripts.js';
export type { EnqueueOptions } from './enqueueScripts.js';
export { createConversationWorker } from './createConversationWorker.js';
export type { ConversationWorkerOptions } from './createConversationWorker.js';
export { conversationProcessor } from './conversationProcessor.js';
export type { ConversationProcessor } from './conversationProcessor.js';
export { readResults } from './readResults.js';
export type { ReadResultsOptions } from './readResults.js';
export { RetryableConversationError } from './RetryableConversationError.js';
export { jobIdFor } from './jobIdFor.js';
export { CONVERSATION_JOB, conversationJobData } from './ConversationJob.js';
export type { ConversationJobData } from './ConversationJob.js';
export type { ConversationQueue } from './ConversationQueue.js';
