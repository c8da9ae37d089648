/** A list of timings in one line: median and 90th percentile (nearest rank), and how many. */
export function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return `median ${at(50).toFixed(1)} ms  p90 ${at(90).toFixed(1)} ms  (${sorted.length} runs)`;
}
