import { readScripts, type ConversationScript } from '../../src/index';

async function all(lines: Iterable<string> | AsyncIterable<string>): Promise<ConversationScript[]> {
  const scripts: ConversationScript[] = [];
  for await (const script of readScripts(lines)) scripts.push(script);
  return scripts;
}

describe('readScripts', () => {
  it('parses one script a line and skips blank lines', async () => {
    expect(await all(['{"id":"a","turns":["hi"]}', '', '  ', '{"id":2,"turns":[]}'])).toEqual([
      { id: 'a', turns: ['hi'] },
      { id: '2', turns: [] },
    ]);
  });

  it('ignores a byte-order mark before the first line, and only there', async () => {
    expect(await all(['\uFEFF{"id":"a","turns":["hi"]}', '{"id":"b","turns":[]}'])).toEqual([
      { id: 'a', turns: ['hi'] },
      { id: 'b', turns: [] },
    ]);
    // A BOM alone on the first line leaves it blank.
    expect(await all(['\uFEFF', '{"id":"b","turns":[]}'])).toEqual([{ id: 'b', turns: [] }]);
    await expect(
      all(['{"id":"a","turns":[]}', '\uFEFF{"id":"b","turns":[]}']),
    ).rejects.toMatchObject({ line: 2, message: expect.stringMatching(/^line 2: not JSON/) });
  });

  it('names the line of a bad script', async () => {
    await expect(all(['{"id":"a","turns":[]}', '{"id":"b"'])).rejects.toMatchObject({
      name: 'ScriptError',
      line: 2,
      message: expect.stringMatching(/^line 2: not JSON/),
    });
    await expect(all(['', '{"id":"b","turns":[1]}'])).rejects.toMatchObject({
      line: 2,
      path: 'turns.0',
      message: 'line 2: turns.0: expected (string | ScriptTurn), got 1',
    });
  });

  it('reads a line only when its script is asked for', async () => {
    let read = 0;
    function* lines(): Generator<string> {
      for (;;) {
        read += 1;
        yield `{"id":"${read}","turns":[]}`;
      }
    }
    const scripts = readScripts(lines());
    await scripts.next();
    await scripts.next();
    expect(read).toBe(2);
    await scripts.return();
  });
});
