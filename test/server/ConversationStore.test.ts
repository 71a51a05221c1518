import { ConversationStore } from '../../src/server/ConversationStore';

describe('the conversation store', () => {
  it('numbers new conversations conv_0001, conv_0002... (base 36), and keeps an id it is given', () => {
    const store = new ConversationStore();
    const ids = [
      store.create({ stage: 'idle' }).id,
      store.create({ stage: 'idle' }, 'conv_mine').id,
      store.create({ stage: 'idle' }).id,
    ];
    for (let more = 0; more < 33; more += 1) ids.push(store.create({ stage: 'idle' }).id);
    expect(ids.slice(0, 3)).toEqual(['conv_0001', 'conv_mine', 'conv_0002']);
    expect(ids.at(-1)).toBe('conv_000z');
    expect(store.size).toBe(36);
    expect(store.get('conv_mine')?.id).toBe('conv_mine');
  });
});
