import { describe, expect, it } from 'vitest';
import { authorId, enteredFeedAt, submitterOf } from '../../src/feeds/hf-json.ts';
import { arxivLinks, paperPath, safeHttpUrl } from '../../src/feeds/links.ts';
import type { FeedEntry } from '../../src/core/paper.ts';
import {
  exactInstant,
  humanDay,
  humanDayRange,
  humanMonth,
  humanWeek,
  plural,
  shortAuthors,
  textStart,
  timeAgo,
} from '../../src/web/views/format.ts';

const entry = (fields: Partial<FeedEntry>): FeedEntry => ({
  day: '2026-03-02',
  source: 'hf',
  rank: 1,
  submittedBy: null,
  createdAt: '2026-03-02T08:00:00.000Z',
  ...fields,
});

describe('Hugging Face JSON pieces', () => {
  it('gives the moment an entry entered the feed, or its day’s start when that moment lies outside the day', () => {
    expect(enteredFeedAt(entry({}))).toBe('2026-03-02T08:00:00.000Z');
    expect(enteredFeedAt(entry({ createdAt: '2026-03-02T23:59:59.999Z' }))).toBe('2026-03-02T23:59:59.999Z');
    expect(enteredFeedAt(entry({ createdAt: '2026-02-28T22:00:00.000Z' }))).toBe('2026-03-02T00:00:00.000Z');
    // A feed imported later without times: the day's start, not its last millisecond, so a
    // client's month check keeps a day's entries in its month whatever its time zone rounding.
    expect(enteredFeedAt(entry({ createdAt: '2027-01-01T00:00:00.000Z' }))).toBe('2026-03-02T00:00:00.000Z');
  });

  it('names people by their user name and automatic entries by their source', () => {
    const context = { baseUrl: 'http://x' };
    expect(submitterOf(entry({ submittedBy: 'akhaliq' }), context)).toMatchObject({
      name: 'akhaliq',
      user: 'akhaliq',
      type: 'user',
    });
    expect(submitterOf(entry({ source: 'rule' }), context)).toMatchObject({ name: 'arxiv', fullname: 'arXiv', type: 'org' });
    expect(submitterOf(entry({ source: 'hf' }), context)).toMatchObject({
      name: 'huggingface',
      fullname: 'Hugging Face',
      type: 'org',
    });
    expect(submitterOf(entry({ submittedBy: 'a' }), context)._id).toBe(submitterOf(entry({ submittedBy: 'a' }), context)._id);
  });

  it('derives 24-hex author ids from paper and position', () => {
    expect(authorId('2401.12345', 0)).toMatch(/^[0-9a-f]{24}$/);
    expect(authorId('2401.12345', 0)).toBe(authorId('2401.12345', 0));
    expect(authorId('2401.12345', 0)).not.toBe(authorId('2401.12345', 1));
  });
});

describe('links', () => {
  it('builds paper paths and arXiv links only for arXiv ids', () => {
    expect(paperPath('hep-th/9901001')).toBe('/papers/hep-th/9901001');
    expect(paperPath('a b?')).toBe('/papers/a%20b%3F');
    expect(arxivLinks('2401.12345')).toEqual({
      abs: 'https://arxiv.org/abs/2401.12345',
      pdf: 'https://arxiv.org/pdf/2401.12345',
    });
    expect(arxivLinks('4983')).toBeNull();
  });

  it('lets only absolute http(s) URLs through', () => {
    expect(safeHttpUrl('https://github.com/a/b')).toBe('https://github.com/a/b');
    expect(safeHttpUrl('HTTP://example.org')).toBe('HTTP://example.org');
    for (const bad of [
      'javascript:alert(1)',
      ' https://x',
      'https://',
      'data:text/html,x',
      '//evil.example',
      'github.com/a/b',
      null,
    ]) {
      expect(safeHttpUrl(bad), String(bad)).toBeNull();
    }
  });
});

describe('page text', () => {
  it('writes windows as people read them', () => {
    expect(humanDay('2026-03-02')).toBe('Mar 2, 2026');
    expect(humanWeek('2026-W10')).toBe('Week 10, 2026');
    expect(humanMonth('2026-03')).toBe('March 2026');
    expect(humanDayRange({ from: '2026-02-23', to: '2026-03-01' })).toBe('Feb 23 – Mar 1, 2026');
    expect(humanDayRange({ from: '2025-12-29', to: '2026-01-04' })).toBe('Dec 29, 2025 – Jan 4, 2026');
    expect(plural(1, 'paper')).toBe('1 paper');
    expect(plural(12345, 'paper')).toBe('12,345 papers');
  });

  it('shortens author lists and abstracts at a word', () => {
    expect(shortAuthors(['A', 'B', 'C', 'D'])).toBe('A, B, C, D');
    expect(shortAuthors(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C et al.');
    expect(textStart('short text')).toBe('short text');
    const long = 'word '.repeat(100);
    const cut = textStart(long, 20);
    expect(cut).toBe('word word word word…');
    expect(textStart('x'.repeat(50), 20)).toBe(`${'x'.repeat(20)}…`);
  });

  it('says how long ago in the largest whole unit, with the exact minute beside it', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(timeAgo('2026-03-02T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-03-02T11:59:00Z', now)).toBe('1 minute ago');
    expect(timeAgo('2026-03-02T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-02-28T11:00:00Z', now)).toBe('2 days ago');
    expect(timeAgo('2025-12-01T12:00:00Z', now)).toBe('3 months ago');
    expect(timeAgo('2024-03-01T12:00:00Z', now)).toBe('2 years ago');
    // A clock a little behind the writer's says "just now", not a negative time.
    expect(timeAgo('2026-03-02T12:00:05Z', now)).toBe('just now');
    expect(exactInstant('2026-03-02T09:05:00.000Z')).toBe('Mar 2, 2026, 09:05 UTC');
  });
});
