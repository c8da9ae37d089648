/**
 * Author names from a source's author list, which scrapes sometimes fill with a list written
 * as text: `"['Xiaoliang Dai', 'Ali Thabet']"` (a Python list's repr), a JSON array in a
 * string, or that repr cut at its commas into entries (`["['Xiaoliang Dai'", "'Ali Thabet']"]`).
 * Such a list is read into its names; any other list is kept as it is.
 */
export function authorNames(entries: readonly string[]): string[] {
  const joined = entries.join(', ').trim();
  if (!/^\[.*\]$/s.test(joined)) return [...entries];
  const names = [...joined.matchAll(QUOTED)]
    .map((match) => unescape(match[1] ?? match[2]!))
    .map((name) => name.replace(/\s+/g, ' ').trim())
    .filter((name) => name !== '');
  return names.length > 0 ? names : [...entries];
}

// Python's repr quotes with ' unless the name holds one ("O'Brien"); JSON always with ".
const QUOTED = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;

/** `\'`, `\"`, `\\` and the `\xNN` / `\uNNNN` escapes both languages write for a character. */
function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, escaped: string) =>
    escaped.length > 1 ? String.fromCharCode(parseInt(escaped.slice(1), 16)) : escaped,
  );
}
