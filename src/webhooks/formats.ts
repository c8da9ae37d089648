/**
 * The three ways a document is posted: Slack's and Discord's incoming-webhook bodies, and the
 * generic JSON (the document itself plus which delivery and attempt it is, so the signed body
 * carries its own timestamp). Each stays inside its receiver's limits.
 */
import type { WebhookFormat } from '../store/webhooks.ts';
import type { WebhookDocument, WebhookItem } from './document.ts';

/** Which delivery a post is: stable across retries (`id`), and when this attempt was signed. */
export interface PostStamp {
  /** `<webhook id>:<period>`: a receiver that sees it twice can drop the repeat. */
  id: string;
  attempt: number;
  /** Unix seconds, the same as the X-Dailypapers-Timestamp header. */
  timestamp: number;
}

export function postBody(format: WebhookFormat, doc: WebhookDocument, stamp: PostStamp): string {
  if (format === 'slack') return JSON.stringify(slackBody(doc));
  if (format === 'discord') return JSON.stringify(discordBody(doc));
  return JSON.stringify({ ...doc, delivery: stamp });
}

// Slack: at most 50 blocks and 3000 characters of text in a section.
const SLACK_PAPERS = 20;
const SLACK_SECTION = 3000;
// Discord: 2000 characters of content, 10 embeds, 6000 characters across all of them
// (title 256, description 4096, footer 2048 each); these shares keep 10 embeds under 6000.
const DISCORD_CONTENT = 2000;
const DISCORD_EMBEDS = 10;
const DISCORD_TITLE = 200;
const DISCORD_DESCRIPTION = 300;
const DISCORD_FOOTER = 80;

function headline(doc: WebhookDocument): string {
  const count = doc.total === 1 ? '1 new paper' : `${doc.total} new papers`;
  const days = doc.period.from === doc.period.to ? doc.period.from : `${doc.period.from} to ${doc.period.to}`;
  return doc.event === 'test' ? `Test post: ${count} in the last days (${days})` : `${count} (${days})`;
}

const byline = (item: WebhookItem, limit: number) => {
  const names = item.paper.authors.map((a) => a.name);
  const authors = names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', ');
  const votes = item.paper.upvotes === 1 ? '1 upvote' : `${item.paper.upvotes} upvotes`;
  return clip(authors ? `${authors} · ${votes}` : votes, limit);
};

/** Slack's mrkdwn: &, < and > are escaped, links are <url|label>. */
export function slackBody(doc: WebhookDocument): { text: string; blocks: object[] } {
  const filter = doc.filter.url ? `<${doc.filter.url}|${slackEscape(doc.filter.name)}>` : slackEscape(doc.filter.name);
  const title = `*${filter}*: ${headline(doc)}`;
  const shown = doc.papers.slice(0, SLACK_PAPERS);
  const blocks: object[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(title, SLACK_SECTION) } },
    ...shown.map((item) => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*<${item.url}|${slackEscape(item.paper.title)}>*\n${slackEscape(byline(item, 300))}`, SLACK_SECTION),
      },
    })),
  ];
  if (doc.total > shown.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `and ${doc.total - shown.length} more${doc.filter.url ? ` on ${filter}` : ''}` }],
    });
  return { text: clip(`${slackEscape(doc.filter.name)}: ${headline(doc)}`, SLACK_SECTION), blocks };
}

function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Discord: one embed per paper (ten at most); mentions in titles never ping anyone. */
export function discordBody(doc: WebhookDocument): { content: string; embeds: object[]; allowed_mentions: { parse: [] } } {
  const shown = doc.papers.slice(0, DISCORD_EMBEDS);
  const more =
    doc.total > shown.length ? `\nand ${doc.total - shown.length} more${doc.filter.url ? `: ${doc.filter.url}` : ''}` : '';
  return {
    content: clip(`**${discordEscape(doc.filter.name)}**: ${headline(doc)}${more}`, DISCORD_CONTENT),
    embeds: shown.map((item) => ({
      title: clip(item.paper.title, DISCORD_TITLE),
      url: item.url,
      description: clip(item.paper.summary, DISCORD_DESCRIPTION),
      footer: { text: byline(item, DISCORD_FOOTER) },
    })),
    allowed_mentions: { parse: [] },
  };
}

function discordEscape(text: string): string {
  return text.replace(/[\\*_~`|>#[\]()]/g, '\\$&');
}

/** At most `limit` characters (code points never split), an ellipsis marking a cut. */
export function clip(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}
