import { describe, expect, it } from 'vitest';
import { bestFirst } from './ordering.ts';

describe('bestFirst', () => {
  it('yields every index by key, ties broken, past the expected count', () => {
    const keys = Float64Array.from([3, 1, 3, 2, 5, 0, 2]);
    const order = [...bestFirst(keys.length, { keys, tieBetter: (a, b) => a < b }, 2)];
    expect(order).toEqual([4, 0, 2, 3, 6, 1, 5]);
  });

  it('matches a full sort on random keys', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) % 1000) / 10;
    const keys = Float64Array.from({ length: 5000 }, random);
    const ranking = { keys, tieBetter: (a: number, b: number) => a < b };
    const expected = [...keys.keys()].sort((a, b) => keys[b]! - keys[a]! || a - b);
    const taken: number[] = [];
    for (const i of bestFirst(keys.length, ranking, 20)) {
      taken.push(i);
      if (taken.length === 300) break;
    }
    expect(taken).toEqual(expected.slice(0, 300));
    expect([...bestFirst(keys.length, ranking, 20)]).toEqual(expected);
  });

  it('yields nothing for nothing', () => {
    expect([...bestFirst(0, { keys: new Float64Array(0), tieBetter: () => false }, 20)]).toEqual([]);
  });
});
