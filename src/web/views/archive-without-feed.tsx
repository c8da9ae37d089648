import { plural } from './format.ts';

/**
 * On the empty feed of a hub whose archive holds papers (an import or a harvest without a feed
 * rule): the papers are there and searchable, and this is the command that puts them on the feeds.
 */
export function ArchiveWithoutFeed(props: { archived: number }) {
  return (
    <div class="archive-without-feed">
      <p>
        The archive holds {plural(props.archived, 'paper')} (search finds them), but none is on a daily feed. To put them on the
        feeds of their listing days, choose the categories and apply the feed rule to the archive:
      </p>
      <pre>
        <code>{'FEED_CATEGORIES=cs.CL,cs.LG npx dailypapers feed apply-rule'}</code>
      </pre>
      <p>
        <code>FEED_CATEGORIES=*</code> takes every category; <code>import --feed</code> puts every paper of a file on the feed of
        its own day.
      </p>
    </div>
  );
}
