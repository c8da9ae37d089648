import { describe, expect, it } from 'vitest';
import { termOf } from './analyzer.ts';
import { needsTextCheck, planQuery, textCheck } from './query-plan.ts';
import { parseQuery } from './query-parser.ts';

const plan = (q: string) => planQuery(parseQuery(q));
const paper = (authors: string[]) => ({ title: 'A title', abstract: 'An abstract', authors });

describe('planQuery', () => {
  it('leaves a one-word author filter to the index and checks a longer name against each author', () => {
    const one = plan('author:Wang');
    expect(one.required).toEqual([{ term: 'wang', field: 'authors' }]);
    expect(needsTextCheck(one)).toBe(false);
    const two = plan('author:"Sandra Mitrović"');
    expect(needsTextCheck(two)).toBe(true);
    expect(two.authors).toEqual([['sandra', termOf('Mitrović')]]);
  });
});

describe('textCheck', () => {
  it('wants all words of a name in one author, for each name asked, across papers sharing names', () => {
    const check = textCheck(plan('author:"Sandra Mitrović" author:"Ana Lima"'));
    const crowd = Array.from({ length: 50 }, (_, i) => `Member ${i}`);
    expect(check(paper([...crowd, 'Sandra Lima', 'Ana Mitrović']))).toBe(false);
    expect(check(paper([...crowd, 'Ana Lima', 'Sandra Mitrović']))).toBe(true);
    expect(check(paper([...crowd, 'Sandra Mitrović']))).toBe(false);
  });

  it("checks phrases in the title, the abstract or one author's name, after the names asked for", () => {
    const check = textCheck(plan('"an abstract" author:"Ana Lima"'));
    expect(check(paper(['Ana Lima']))).toBe(true);
    expect(check({ ...paper(['Ana Lima']), abstract: 'abstract an' })).toBe(false);
    expect(textCheck(plan('model -"a title"'))(paper([]))).toBe(false);
    expect(textCheck(plan('"kenji sato"'))(paper(['Ana Lima', 'Kenji Sato']))).toBe(true);
    expect(textCheck(plan('"kenji sato"'))(paper(['Kenji Lima', 'Sato Ana']))).toBe(false);
    expect(textCheck(plan('model -"kenji sato"'))(paper(['Ana Lima', 'Kenji Sato']))).toBe(false);
  });
});
