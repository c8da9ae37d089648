/**
 * The pictures: a paper's engagement per day beside its trending explanation, a sparkline per
 * trending paper, and /papers/topics with its CSV. Each asserts the exact SVG a fixture draws
 * (bar heights and line points follow the counts), the words that stand in for it, and each
 * bad input's status and message — on both stores.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.ts';
import { paperRecord } from '../../src/core/paper.ts';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { signUp } from '../../src/social/accounts.ts';
import { deleteComment, postComment } from '../../src/social/comments.ts';
import { hidePaper } from '../../src/social/moderation.ts';
import { vote } from '../../src/social/votes.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { communityServer } from './community-fixtures.ts';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const paper = (id: string, title: string, categories: string[], publishedAt: string, extra = {}) =>
  paperRecord({ id, title, abstract: `${title}.`, categories, publishedAt, ...extra });

// Published in ISO weeks 2026-W09 (Feb 23 – Mar 1) and 2026-W10 (Mar 2 – 8).
const routing = paper('2603.00001', 'Diffusion for routing', ['cs.CL'], '2026-03-03T10:00:00Z', {
  abstract: 'We route tokens with a state space model.',
  sourceUpvotes: 40,
  feed: { day: '2026-03-09', rank: 1, submittedBy: null },
});
const scale = paper('2602.00002', 'Diffusion at scale', ['cs.LG'], '2026-02-24T10:00:00Z', {
  feed: { day: '2026-03-09', rank: 2, submittedBy: null },
});
const revisited = paper('2602.00003', 'State space models revisited', ['cs.CL'], '2026-02-25T10:00:00Z');
const everywhere = paper('2602.00004', 'State space everywhere', ['cs.LG'], '2026-02-26T10:00:00Z');
const hidden = paper('2603.00005', 'Diffusion spam', ['cs.CL'], '2026-03-04T10:00:00Z');
const quiet = paper('2603.00006', 'Nobody has read this yet', ['cs.CL'], '2026-03-04T10:00:00Z');
const longAgo = paper('2511.00007', 'Read last autumn', ['cs.CL'], '2025-11-04T10:00:00Z');
const at = (instant: string) => new Date(instant);

describe.each(DIALECTS)('charts on %s', (dialect) => {
  const db = useTestStore(dialect, async (store) => {
    await savePapers(store, [routing, scale, revisited, everywhere, hidden, quiet, longAgo], { feedCategories: [], now: NOW });
    const member = (name: string, role?: 'moderator') =>
      signUp(store, { email: `${name}@example.org`, password: `${name} password`, displayName: name, role }, NOW);
    const [ana, ben, cai, mod] = [
      await member('ana'),
      await member('ben'),
      await member('cai'),
      await member('mod', 'moderator'),
    ];
    await vote(store, ana, routing.id, true, DEFAULT_TRENDING, at('2026-03-08T10:00:00Z'));
    await vote(store, ben, routing.id, true, DEFAULT_TRENDING, at('2026-03-08T15:00:00Z'));
    await postComment(store, ana, routing.id, { text: 'Worth a read.' }, DEFAULT_TRENDING, at('2026-03-09T11:00:00Z'));
    await vote(store, cai, routing.id, true, DEFAULT_TRENDING, at('2026-03-10T09:00:00Z'));
    await vote(store, ana, scale.id, true, DEFAULT_TRENDING, at('2026-03-10T08:00:00Z'));
    // A deleted comment is not engagement: it draws nothing.
    const gone = await postComment(store, ben, scale.id, { text: 'Oops.' }, DEFAULT_TRENDING, at('2026-03-09T08:00:00Z'));
    await deleteComment(store, ben, gone.id, DEFAULT_TRENDING, NOW);
    await hidePaper(store, mod, hidden.id, true, 'spam', NOW);
    await vote(store, ana, longAgo.id, true, DEFAULT_TRENDING, at('2025-12-01T10:00:00Z'));
  });
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await communityServer(db.store, 'http://127.0.0.1:9', () => NOW));
  });
  afterAll(async () => {
    await app.close();
  });

  describe('the paper page', () => {
    it('draws upvotes and comments per day as stacked bars scaled to the busiest day, and says so in words', async () => {
      const page = (await app.inject(`/papers/${routing.id}`)).body;
      const why = page.slice(page.indexOf('<section class="trending-why">'));
      // 14 days (Feb 25 – Mar 10) in 300 px: slots of 21.4 px. Axis top 2 over 80 px: Mar 8 has
      // 2 upvotes (80 px), Mar 9 one comment (40 px), Mar 10 one upvote (40 px).
      expect(why).toContain(
        '<g><rect class="bar-comments" x="236.2" y="0" width="20.4" height="80"></rect><rect class="bar-upvotes" x="236.2" y="0" width="20.4" height="80"></rect></g>' +
          '<g><rect class="bar-comments" x="257.6" y="40" width="20.4" height="40"></rect><rect class="bar-upvotes" x="257.6" y="80" width="20.4" height="0"></rect></g>' +
          '<g><rect class="bar-comments" x="279.1" y="40" width="20.4" height="40"></rect><rect class="bar-upvotes" x="279.1" y="40" width="20.4" height="40"></rect></g></g>',
      );
      // Days without engagement draw nothing: these three are the only bars.
      expect(why.match(/<rect /g)).toHaveLength(6);
      expect(why).toContain(
        'role="img" aria-label="Upvotes and comments per day, Feb 25 to Mar 10: Mar 8, 2 upvotes; Mar 9, 1 comment; Mar 10, 1 upvote."',
      );
      expect(why).toContain(
        '3 upvotes and 1 comment here over 3 days, most on Mar 8. Before these, 40 upvotes came from Hugging Face, which keeps no day-by-day history.',
      );
      expect(why).toContain('Starting figure: <strong>40</strong> upvotes from Hugging Face');
    });

    it('says there is nothing yet, with no chart, for a paper nobody has engaged with', async () => {
      const page = (await app.inject(`/papers/${quiet.id}`)).body;
      expect(page).toContain('<figcaption>No upvotes or comments here yet.</figcaption>');
      expect(page).not.toContain('class="chart"');
    });

    it('answers the same numbers as JSON, and 404 for an unknown or hidden paper', async () => {
      const answer = await app.inject(`/api/papers/${routing.id}/engagement`);
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({
        paperId: routing.id,
        // The chart's 14 days at least: eleven quiet ones, then the three with engagement.
        days: [
          ...Array.from({ length: 11 }, (_, i) => ({ day: addDays('2026-02-25', i), upvotes: 0, comments: 0 })),
          { day: '2026-03-08', upvotes: 2, comments: 0 },
          { day: '2026-03-09', upvotes: 0, comments: 1 },
          { day: '2026-03-10', upvotes: 1, comments: 0 },
        ],
        totals: { upvotes: 3, comments: 1 },
        sourceUpvotes: 40,
        summary:
          '3 upvotes and 1 comment here over 3 days, most on Mar 8. Before these, 40 upvotes came from Hugging Face, which keeps no day-by-day history.',
      });
      // Older than the chart's 60 days: in the totals and the words, not drawn.
      expect((await app.inject(`/api/papers/${longAgo.id}/engagement`)).json()).toMatchObject({
        days: [],
        totals: { upvotes: 1, comments: 0 },
        summary: '1 upvote here, all on Dec 1.',
      });
      for (const id of ['2699.99999', hidden.id]) {
        const missing = await app.inject(`/api/papers/${id}/engagement`);
        expect([missing.statusCode, missing.json()]).toEqual([404, { error: `Paper ${id} not found` }]);
      }
    });
  });

  it('draws a sparkline per trending paper over its last 7 days, source upvotes on their feed day, the numbers in its label', async () => {
    const page = (await app.inject('/papers/trending')).body;
    // routing: Mar 8 two upvotes, Mar 9 a comment and 40 source upvotes, Mar 10 one upvote; 41 is the top.
    expect(page).toContain(
      '<svg class="sparkline" viewBox="-2 -2 74 22" role="img" aria-label="Upvotes and comments per day, Mar 4 to Mar 10: 0, 0, 0, 0, 2, 41, 1">' +
        '<path class="spark-line" d="M0,18L11.7,18L23.3,18L35,18L46.7,17.1L58.3,0L70,17.6"></path>',
    );
    // scale: one upvote today; its deleted comment counts nothing.
    expect(page).toContain(
      'aria-label="Upvotes and comments per day, Mar 4 to Mar 10: 0, 0, 0, 0, 0, 0, 1"><path class="spark-line" d="M0,18L11.7,18L23.3,18L35,18L46.7,18L58.3,18L70,0"></path>',
    );
  });

  describe('/papers/topics', () => {
    const terms = encodeURIComponent('diffusion,"state space",cat:cs.LG,zzzunmatched');
    const range = 'from=2026-W09&to=2026-03-08';

    it('charts each term per ISO week, as search matches it, leaving hidden papers out', async () => {
      const answer = await app.inject(`/papers/topics?terms=${terms}&${range}`);
      expect(answer.statusCode).toBe(200);
      const page = answer.body;
      // Two weeks across 680 px, axis top 2 over 220 px.
      expect(page).toContain('<path class="series series-0" d="M0,110L680,110"></path>');
      expect(page).toContain('<path class="series series-1" d="M0,0L680,110"></path>');
      expect(page).toContain('<path class="series series-2" d="M0,0L680,220"></path>');
      expect(page).toContain('<path class="series series-3" d="M0,220L680,220"></path>');
      expect(page).toContain('diffusion: 2 papers, most in the week of Feb 23, 2026 (1).');
      expect(page).toContain('&quot;state space&quot;: 3 papers, most in the week of Feb 23, 2026 (2).');
      expect(page).toContain('zzzunmatched: no paper in these weeks matches it.');
      expect(page).toContain(
        'aria-label="Papers per week matching diffusion, &quot;state space&quot;, cat:cs.LG, zzzunmatched, from the week of Feb 23, 2026 to the week of Mar 2, 2026; the table below gives every week’s numbers."',
      );
      expect(page).toContain(
        '<tr><th scope="row">Feb 23, 2026</th><td>1</td><td>2</td><td>2</td><td>0</td></tr><tr><th scope="row">Mar 2, 2026</th><td>1</td><td>1</td><td>0</td><td>0</td></tr>',
      );
      expect(page).toContain(`href="/papers/topics.csv?terms=${terms}&amp;${range.replace('&', '&amp;')}"`);
    });

    it('gives the same numbers as CSV, one row per ISO week', async () => {
      const answer = await app.inject(`/papers/topics.csv?terms=${terms}&${range}`);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(answer.headers['content-disposition']).toBe('attachment; filename="topics-2026-W09-2026-W10.csv"');
      expect(answer.body).toBe(
        'week,diffusion,"""state space""",cat:cs.LG,zzzunmatched\r\n2026-W09,1,2,2,0\r\n2026-W10,1,1,0,0\r\n',
      );
    });

    it('charts default terms over the last 52 weeks when none are given, and is linked from every page header', async () => {
      const page = (await app.inject('/papers/topics')).body;
      expect(page).toContain('value="diffusion,&quot;state space&quot;,cat:cs.CL"');
      expect(page).toContain('52 weeks, Mar 17, 2025 to Mar 15, 2026');
      expect((await app.inject('/papers/trending')).body).toContain('<a href="/papers/topics">Topics</a>');
    });

    it.each([
      ['more than 8 terms', 'terms=a,b,c,d,e,f,g,h,i', 'At most 8 terms at once; 9 were given.'],
      ['an empty term', 'terms=diffusion,,rewards', 'Term 2 is empty: write a word, a "phrase" or cat:cs.CL between the commas.'],
      [
        'an unknown category',
        'terms=cat:Not%20One',
        'Term 1, “cat:Not One”, is not an arXiv category: write cat:cs.CL, or cat:cs for a whole archive.',
      ],
      [
        'an unparseable range',
        'from=last%20spring',
        '“from” must be a year (2026), a month (2026-01), an ISO week (2026-W05) or a day (2026-01-15); “last spring” is none of these.',
      ],
      ['a year JavaScript would misread', 'from=0099-01&to=0099-02', '“from” must be in 1900 or later; papers are not that old.'],
      ['a range backwards', 'from=2026-05&to=2026-01', '“from” (2026-05) is after “to” (2026-01).'],
      ['a range over 5 years', 'from=2020-01&to=2026-01', 'The range spans 318 weeks; at most 261 (5 years) at once.'],
    ])('refuses %s with 400 and a plain message, on the page and as CSV text', async (_, query, message) => {
      const page = await app.inject(`/papers/topics?${query}`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(`<p class="notice" role="alert">${escapeHtml(message)}</p>`);
      const csv = await app.inject(`/papers/topics.csv?${query}`);
      expect([csv.statusCode, csv.headers['content-type'], csv.body]).toEqual([400, 'text/plain; charset=utf-8', `${message}\n`]);
    });
  });
});

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
