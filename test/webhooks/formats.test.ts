/** Slack's and Discord's limits hold whatever a filter matches: long titles, many papers, markup in names. */
import { describe, expect, it } from 'vitest';
import type { WebhookDocument } from '../../src/webhooks/document.ts';
import { discordBody, slackBody } from '../../src/webhooks/formats.ts';

const long = (n: number) => 'word '.repeat(n).trim();
const busy: WebhookDocument = {
  event: 'papers',
  filter: { id: 7, name: '@everyone *bold* <b>', url: 'http://papers.test/filters/7' },
  period: { key: 'weekly:2026-W10', from: '2026-02-24', to: '2026-03-02' },
  total: 140,
  papers: Array.from({ length: 100 }, (_, i) => ({
    paper: {
      id: `2603.${10000 + i}`,
      title: `Paper ${i} ${long(200)}`,
      summary: long(2000),
      upvotes: i,
      authors: Array.from({ length: 40 }, (_, a) => ({ name: `Author Number ${a} ${long(10)}` })),
    },
    url: `http://papers.test/papers/2603.${10000 + i}`,
  })),
};

describe('webhook formats', () => {
  it('keeps Discord inside its limits: 2000 characters of content, 10 embeds, 6000 characters across them, no pings', () => {
    const body = discordBody(busy);
    expect([...body.content].length).toBeLessThanOrEqual(2000);
    expect(body.content).toBe(
      '**@everyone \\*bold\\* <b\\>**: 140 new papers (2026-02-24 to 2026-03-02)\nand 130 more: http://papers.test/filters/7',
    );
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(10);
    const embeds = body.embeds as { title: string; description: string; footer: { text: string } }[];
    const total = embeds.reduce((sum, e) => sum + [...e.title].length + [...e.description].length + [...e.footer.text].length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    for (const embed of embeds) {
      expect([...embed.title].length).toBeLessThanOrEqual(256);
      expect([...embed.description].length).toBeLessThanOrEqual(4096);
      expect(embed.title.endsWith('…')).toBe(true);
    }
  });

  it('keeps Slack inside its limits: 50 blocks, 3000 characters a section, and says how many more', () => {
    const body = slackBody(busy);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    expect(body.blocks).toHaveLength(22);
    for (const block of body.blocks as { text?: { text: string } }[])
      if (block.text) expect([...block.text.text].length).toBeLessThanOrEqual(3000);
    expect(body.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'and 120 more on <http://papers.test/filters/7|@everyone *bold* &lt;b&gt;>' }],
    });
  });
});
