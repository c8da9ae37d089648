import { DEFAULT_TOPIC_TERMS, MAX_TOPIC_TERMS, type TopicInput } from '../../core/topic-query.ts';
import { parseWeek } from '../../core/dates.ts';
import type { TopicSeries } from '../../search/index.ts';
import { TopicChart } from '../views/charts.tsx';
import { humanDay } from '../views/format.ts';
import { IndexingNote } from '../views/indexing-note.tsx';
import { Layout, type Site } from '../views/layout.tsx';

export interface TopicsPageProps {
  site: Site;
  /** The parameters as given, shown again in the form. */
  input: TopicInput;
  /** The page's own address with its query (the canonical link); null for a refusal. */
  path: string | null;
  /** The chart, or the plain reason there is none (a 400). */
  result: TopicsResultProps | { error: string };
}

/** `/papers/topics`: how often chosen words and categories appear, week by week. */
export function TopicsPage(props: TopicsPageProps) {
  const { site, input, path, result } = props;
  const description = 'How often chosen words and arXiv categories appear in papers, week by week, charted and as CSV.';
  return (
    <Layout site={site} title="Topics over time — Daily Papers" head={{ description, path }} tabs={null}>
      <div class="feed-head">
        <h1>Topics over time</h1>
        <p class="count">Papers published each week that match each term, as the search box matches them.</p>
      </div>
      <TopicsForm input={input} />
      {'error' in result ? (
        <p class="notice" role="alert">
          {result.error}
        </p>
      ) : (
        <TopicsResult {...result} />
      )}
    </Layout>
  );
}

function TopicsForm(props: { input: TopicInput }) {
  const { input } = props;
  return (
    <form class="topics-form" action="/papers/topics" method="get">
      <label>
        Terms (up to {MAX_TOPIC_TERMS}, comma-separated: words, "phrases", cat:cs.CL)
        <br />
        <input type="text" name="terms" value={input.terms ?? DEFAULT_TOPIC_TERMS} maxLength={900} required />
      </label>
      <label>
        From
        <br />
        <input type="text" name="from" value={input.from ?? ''} placeholder="2026-01" size={10} />
      </label>
      <label>
        To
        <br />
        <input type="text" name="to" value={input.to ?? ''} placeholder="2026-11" size={10} />
      </label>
      <button type="submit">Chart</button>
    </form>
  );
}

interface TopicsResultProps {
  weeks: string[];
  series: TopicSeries[];
  csvHref: string;
  /** Counted among the newest papers only: the archive is still being indexed. */
  indexing: boolean;
}

function TopicsResult(props: TopicsResultProps) {
  const { weeks, series, csvHref, indexing } = props;
  const mondays = weeks.map((week) => parseWeek(week)!.from);
  const lines = series.map((s) => ({ label: s.term.label, counts: s.counts, total: s.total }));
  return (
    <>
      {indexing && <IndexingNote covered="these counts cover" older="The full counts" />}
      <TopicChart weeks={weeks} mondays={mondays} series={lines} />
      <p>
        <a href={csvHref} download>
          The numbers as CSV
        </a>{' '}
        · {weeks.length} weeks, {humanDay(mondays[0]!)} to {humanDay(parseWeek(weeks[weeks.length - 1]!)!.to)}
      </p>
      {/* Hidden in a div: a table will not shrink to the 1 px that hides it. */}
      <div class="visually-hidden">
        <table>
          <caption>Papers per week</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              {lines.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((_, i) => (
              <tr>
                <th scope="row">{humanDay(mondays[i]!)}</th>
                {lines.map((s) => (
                  <td>{s.counts[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
