/**
 * Charts drawn on the server as inline SVG: no script, no inline style (the CSP allows
 * neither), colours from style.css classes. Each has its text alternative: role="img" with
 * the numbers in words, and a sentence or a table beside it for everyone.
 */
import { type DayEngagement, monthAndDay } from '../../core/engagement-days.ts';
import type { EngagementHistory, SparkDay } from '../../rank/engagement-history.ts';
import { bars, linePath, niceMax, xOf, yOf } from './chart-geometry.ts';
import { humanDay, plural } from './format.ts';

function dayInWords(d: DayEngagement): string {
  return [d.upvotes > 0 ? plural(d.upvotes, 'upvote') : '', d.comments > 0 ? plural(d.comments, 'comment') : '']
    .filter(Boolean)
    .join(', ');
}

const BAR_CHART = { width: 300, height: 80, top: 12, bottom: 16 };

/**
 * A paper's upvotes and comments per day, stacked bars (upvotes below, comments above), with
 * its sentence; the busy days are named in the image's description.
 */
export function EngagementChart(props: { history: EngagementHistory }) {
  const { history } = props;
  const { days } = history;
  const start = history.sourceUpvotes > 0 && (
    <p class="chart-start">
      Starting figure: <strong>{history.sourceUpvotes}</strong> upvotes from Hugging Face
    </p>
  );
  if (days.length === 0) {
    return (
      <figure class="engagement">
        {start}
        <figcaption>{history.summary}</figcaption>
      </figure>
    );
  }
  const plot = {
    width: BAR_CHART.width,
    height: BAR_CHART.height,
    max: niceMax(Math.max(...days.map((d) => d.upvotes + d.comments))),
  };
  const totals = bars(
    days.map((d) => d.upvotes + d.comments),
    plot,
  );
  const upvotes = bars(
    days.map((d) => d.upvotes),
    plot,
  );
  const busy = days.filter((d) => d.upvotes + d.comments > 0);
  const label = `Upvotes and comments per day, ${monthAndDay(days[0]!.day)} to ${monthAndDay(days[days.length - 1]!.day)}: ${busy
    .map((d) => `${monthAndDay(d.day)}, ${dayInWords(d)}`)
    .join('; ')}.`;
  const height = BAR_CHART.top + BAR_CHART.height + BAR_CHART.bottom;
  return (
    <figure class="engagement">
      {start}
      <svg class="chart" viewBox={`0 0 ${BAR_CHART.width} ${height}`} role="img" aria-label={label}>
        <g transform={`translate(0 ${BAR_CHART.top})`}>
          <line class="chart-axis" x1="0" x2={BAR_CHART.width} y1={BAR_CHART.height} y2={BAR_CHART.height} />
          <text class="chart-label" x="0" y="-3">
            {plot.max}
          </text>
          {days.map((d, i) =>
            d.upvotes + d.comments === 0 ? null : (
              <g>
                <rect
                  class="bar-comments"
                  x={totals[i]!.x}
                  y={totals[i]!.y}
                  width={totals[i]!.width}
                  height={totals[i]!.height}
                />
                <rect
                  class="bar-upvotes"
                  x={upvotes[i]!.x}
                  y={upvotes[i]!.y}
                  width={upvotes[i]!.width}
                  height={upvotes[i]!.height}
                />
              </g>
            ),
          )}
        </g>
        <text class="chart-label" x="0" y={height - 2}>
          {monthAndDay(days[0]!.day)}
        </text>
        <text class="chart-label end" x={BAR_CHART.width} y={height - 2}>
          {monthAndDay(days[days.length - 1]!.day)}
        </text>
      </svg>
      <figcaption>
        <span class="key key-upvotes" aria-hidden="true" /> upvotes <span class="key key-comments" aria-hidden="true" /> comments
        · {history.summary}
      </figcaption>
    </figure>
  );
}

const SPARK = { width: 70, height: 18 };

/** A trending card's last days of engagement as a small line, its numbers in the label. */
export function Sparkline(props: { days: SparkDay[] }) {
  const { days } = props;
  const counts = days.map((d) => d.count);
  const plot = { ...SPARK, max: Math.max(1, ...counts) };
  const label = `Upvotes and comments per day, ${monthAndDay(days[0]!.day)} to ${monthAndDay(days[days.length - 1]!.day)}: ${counts.join(', ')}`;
  const last = counts.length - 1;
  return (
    <svg class="sparkline" viewBox={`-2 -2 ${SPARK.width + 4} ${SPARK.height + 4}`} role="img" aria-label={label}>
      <path class="spark-line" d={linePath(counts, plot)} />
      <circle class="spark-dot" cx={xOf(last, counts.length, SPARK.width)} cy={yOf(counts[last]!, plot)} r="2" />
    </svg>
  );
}

const LINE_CHART = { width: 720, height: 220, left: 40, top: 10, bottom: 22 };

/** A line per term of papers per week, with a legend naming each line's total and busiest week. */
export function TopicChart(props: {
  weeks: string[];
  mondays: string[];
  series: { label: string; counts: number[]; total: number }[];
}) {
  const { weeks, mondays, series } = props;
  const plotWidth = LINE_CHART.width - LINE_CHART.left;
  const plot = { width: plotWidth, height: LINE_CHART.height, max: niceMax(Math.max(0, ...series.flatMap((s) => s.counts))) };
  const height = LINE_CHART.top + LINE_CHART.height + LINE_CHART.bottom;
  const last = weeks.length - 1;
  const ticks = [...new Set([0, Math.floor(last / 2), last])];
  const label = `Papers per week matching ${series.map((s) => s.label).join(', ')}, from the week of ${humanDay(mondays[0]!)} to the week of ${humanDay(mondays[last]!)}; the table below gives every week’s numbers.`;
  return (
    <figure class="topics">
      <svg class="chart" viewBox={`0 0 ${LINE_CHART.width} ${height}`} role="img" aria-label={label}>
        <g transform={`translate(${LINE_CHART.left} ${LINE_CHART.top})`}>
          {(plot.max % 2 === 0 ? [plot.max, plot.max / 2, 0] : [plot.max, 0]).map((value) => (
            <>
              <line class="chart-grid" x1="0" x2={plotWidth} y1={yOf(value, plot)} y2={yOf(value, plot)} />
              <text class="chart-label end" x="-6" y={yOf(value, plot) + 3}>
                {value}
              </text>
            </>
          ))}
          {series.map((s, i) => (
            <path class={`series series-${i}`} d={linePath(s.counts, plot)} />
          ))}
          {ticks.map((i) => (
            <text
              class={`chart-label${i === last && i > 0 ? ' end' : i > 0 ? ' middle' : ''}`}
              x={xOf(i, weeks.length, plotWidth)}
              y={LINE_CHART.height + 16}
            >
              {humanDay(mondays[i]!)}
            </text>
          ))}
        </g>
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map((s, i) => (
            <li>
              <svg viewBox="0 0 28 10" aria-hidden="true">
                <line class={`series series-${i}`} x1="0" y1="5" x2="28" y2="5" />
              </svg>
              {seriesInWords(s, mondays)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** `diffusion: 120 papers, most in the week of Mar 2, 2026 (14).`, or that none match. */
export function seriesInWords(s: { label: string; counts: number[]; total: number }, mondays: string[]): string {
  if (s.total === 0) return `${s.label}: no paper in these weeks matches it.`;
  let busiest = 0;
  s.counts.forEach((count, i) => {
    if (count > s.counts[busiest]!) busiest = i;
  });
  return `${s.label}: ${plural(s.total, 'paper')}, most in the week of ${humanDay(mondays[busiest]!)} (${s.counts[busiest]}).`;
}
