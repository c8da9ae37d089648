/**
 * The arithmetic of the server-drawn charts: values to SVG coordinates. Pure, so tests can
 * state the exact path a fixture draws. Coordinates are rounded to one decimal (the bytes of
 * a page, and no visible difference).
 */

/** A plot area: values 0..max map to y = height..0; points are spread evenly over width. */
export interface Plot {
  width: number;
  height: number;
  max: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The y coordinate of a value (0 at the bottom). */
export function yOf(value: number, plot: Plot): number {
  return round(plot.height - (plot.max > 0 ? (value / plot.max) * plot.height : 0));
}

/** The x coordinate of the i-th of n evenly spread points (one point sits in the middle). */
export function xOf(i: number, n: number, width: number): number {
  return round(n > 1 ? (i * width) / (n - 1) : width / 2);
}

/** A line through the values, left to right: `M0,20L10,5…`. */
export function linePath(values: number[], plot: Plot): string {
  return values.map((value, i) => `${i === 0 ? 'M' : 'L'}${xOf(i, values.length, plot.width)},${yOf(value, plot)}`).join('');
}

/** The axis top: the smallest 1, 2 or 5 × 10^k at or above the largest value (at least 1). */
export function niceMax(largest: number): number {
  if (largest <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= largest) return step * magnitude;
  return 10 * magnitude;
}

/** A bar per value in slots of equal width; each bar's x, its y and height from the bottom. */
export function bars(values: number[], plot: Plot, gap = 1): { x: number; y: number; width: number; height: number }[] {
  const slot = plot.width / Math.max(1, values.length);
  return values.map((value, i) => {
    const y = yOf(value, plot);
    return { x: round(i * slot + gap / 2), y, width: round(Math.max(1, slot - gap)), height: round(plot.height - y) };
  });
}
