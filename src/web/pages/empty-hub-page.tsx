import { ArchiveWithoutFeed } from '../views/archive-without-feed.tsx';
import { DAILY_DESCRIPTION } from '../views/page-head.tsx';
import { Layout, type Site, type Tabs } from '../views/layout.tsx';
import { SourceProgress, type SourcesProgress } from '../views/source-progress.tsx';

/** `/papers` before any paper is on a feed: what the live sources are doing, what the archive holds, and how to get papers. */
export function EmptyHubPage(props: { site: Site; tabs: Tabs; sources: SourcesProgress; archived: number }) {
  return (
    <Layout site={props.site} title="Daily Papers" head={{ description: DAILY_DESCRIPTION, path: '/papers' }} tabs={props.tabs}>
      <section class="notice">
        <h1>{props.archived > 0 ? 'No papers on the feed yet' : 'No papers yet'}</h1>
        <SourceProgress sources={props.sources} />
        {props.archived > 0 && <ArchiveWithoutFeed archived={props.archived} />}
        <p>This hub has no papers on its feed. Import a file of papers, or fetch them from arXiv:</p>
        <pre>
          <code>
            {'npx dailypapers import FILE\n'}
            {'npx dailypapers ingest arxiv --categories cs.CL'}
          </code>
        </pre>
        <p>
          <code>import</code> reads arXiv listings (JSON Lines), the Kaggle arXiv snapshot, Hugging Face daily-papers JSON, BEIR
          corpora, Atom and OAI-PMH XML, plain or gzipped. Then reload this page.
        </p>
      </section>
    </Layout>
  );
}
