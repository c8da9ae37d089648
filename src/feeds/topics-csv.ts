/**
 * The topics chart's numbers as CSV (RFC 4180): a header `week,<term>,…`, then one row per
 * ISO week with each term's papers. A field holding a comma, quote or line break is quoted.
 */
export function topicsCsv(weeks: string[], series: { label: string; counts: number[] }[]): string {
  const lines = [['week', ...series.map((s) => s.label)].map(csvField).join(',')];
  weeks.forEach((week, i) => lines.push([week, ...series.map((s) => String(s.counts[i]))].join(',')));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
