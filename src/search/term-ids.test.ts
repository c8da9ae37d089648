import { describe, expect, it } from 'vitest';
import { TermIds, termOrderOf } from './term-ids.ts';

describe('term ids', () => {
  it("finds a snapshot's terms by halving its sorted ids, and terms added since in the map beside", () => {
    const terms = ['model', 'ätna', 'basalt', 'Zed', 'kelp'];
    const order = termOrderOf(terms);
    expect(Array.from(order).map((id) => terms[id])).toEqual(['Zed', 'basalt', 'kelp', 'model', 'ätna']);
    const ids = new TermIds([...terms], order);
    expect(terms.map((term) => ids.get(term))).toEqual([0, 1, 2, 3, 4]);
    expect(ids.get('glacier')).toBeUndefined();
    expect(ids.idOf('glacier')).toBe(5);
    expect([ids.get('glacier'), ids.idOf('kelp'), ids.size]).toEqual([5, 4, 6]);
    expect(ids.termsUpTo(6)).toEqual([...terms, 'glacier']);
    const built = new TermIds();
    expect([built.idOf('b'), built.idOf('a'), built.idOf('b'), built.get('c')]).toEqual([0, 1, 0, undefined]);
  });
});
