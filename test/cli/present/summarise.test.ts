import { summarise } from '../../../src/cli/present/summarise';

describe('summarise', () => {
  it.each([
    ['a short result', 'ok', 'ok'],
    [
      'JSON text, compacted',
      '{"slots": ["9:00 AM", "2:00 PM"]}',
      '{"slots":["9:00 AM","2:00 PM"]}',
    ],
    ['null input', null, 'null'],
    [
      'a long sentence, at a word boundary',
      'The appointment was moved to Tuesday at nine in the morning, and a confirmation was sent to you by mail and text.',
      'The appointment was moved to Tuesday at nine in the morning, and a confirmation was sent to you by… (113 chars)',
    ],
    ['one huge token, never cut', 'x'.repeat(500), '… (500 chars)'],
    ['a text of exactly the budget, whole', 'x'.repeat(100), 'x'.repeat(100)],
    ['runs of white space, as one space', 'two  spaces\nand\ta tab', 'two spaces and a tab'],
    ['a JSON array text, compacted', '[1, 2]', '[1,2]'],
    ['JSON after white space', '  {"a": 1}', '{"a":1}'],
    ['a JSON string literal, as written', '"quoted"', '"quoted"'],
    ['numbers and booleans', { n: 1, t: true, z: null }, '{"n":1,"t":true,"z":null}'],
    ['a missing value', undefined, 'null'],
    ['deep arrays, folded with their length', [[[[1, 2]]], [[[]]]], '[[[[…2]]],[[[]]]]'],
    ['deep objects, folded', { a: { b: { c: { d: 1 }, e: {} } } }, '{"a":{"b":{"c":{…},"e":{}}}}'],
  ])('%s', (_, value, expected) => {
    expect(summarise(value)).toBe(expected);
  });

  it('elides whole members of a long list and says how many', () => {
    const slots = Array.from({ length: 50 }, (_, i) => `${i}:00`);
    const text = summarise(JSON.stringify({ slots }));
    expect(text).toMatch(/^\{"slots":\["0:00","1:00",.*"\d+:00",…\+\d+\]\}$/);
    expect(text.length).toBeLessThan(130);
  });

  it('elides members exactly when the budget is spent', () => {
    // Each member costs its text and a comma: two of them spend 10.
    expect(summarise(['ab', 'cd', 'ef', 'gh'], 10)).toBe('["ab","cd",…+2]');
  });

  it('folds deep levels, whatever the depth', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
    expect(summarise(deep, 60)).toBe('{"a":{"a":{"a":{…}}}}');
  });
});
