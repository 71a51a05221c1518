import type { Queue } from 'bullmq';
import type { ConversationEvent } from '../pipelines/RunEvent.js';
import type { ConversationJobData } from './ConversationJob.js';

/**
 * A BullMQ queue of conversation jobs: each holds a script, and its result
 * is the conversation's event. `new Queue(name, { connection })` is one.
 */
export type ConversationQueue = Queue<ConversationJobData, ConversationEvent>;
