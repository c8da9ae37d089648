import { type Token, tokenize } from './analyzer.ts';

/** A run of text, marked when it is what the query matched (Hugging Face's highlightedTitle shape). */
export interface HighlightSegment {
  type: 'text' | 'highlight';
  text: string;
}

/** What to mark: single terms anywhere, and phrases (as term sequences) where they occur whole. */
export interface HighlightTerms {
  terms: ReadonlySet<string>;
  phrases: readonly string[][];
}

/**
 * Splits text into segments, marking each word whose index term is a query term and each
 * whole occurrence of a phrase. Uses the index's own analyzer, so "models" is marked for a
 * search for "model" exactly when the index matched it.
 */
export function highlight(text: string, wanted: HighlightTerms): HighlightSegment[] {
  if (text === '') return [];
  const tokens = tokenize(text);
  const spans = phraseSpans(tokens, wanted.phrases);
  for (const token of tokens) if (wanted.terms.has(token.term)) spans.push([token.start, token.end]);
  return segments(text, merge(spans));
}

/**
 * A window of about `maxLength` characters around the first highlight, cut at word
 * boundaries with an ellipsis where text was left out: for result lists that show a snippet.
 */
export function snippet(segmentsIn: HighlightSegment[], maxLength: number): HighlightSegment[] {
  const full = segmentsIn.map((s) => s.text).join('');
  if (full.length <= maxLength) return segmentsIn;
  let offset = 0;
  let firstHit = 0;
  for (const s of segmentsIn) {
    if (s.type === 'highlight') {
      firstHit = offset;
      break;
    }
    offset += s.text.length;
  }
  let start = Math.max(0, firstHit - Math.floor(maxLength / 4));
  let end = Math.min(full.length, start + maxLength);
  start = Math.max(0, end - maxLength);
  if (start > 0) start = wordBoundaryAfter(full, start);
  if (end < full.length) end = wordBoundaryBefore(full, end);
  const out: HighlightSegment[] = [];
  if (start > 0) out.push({ type: 'text', text: '… ' });
  offset = 0;
  for (const s of segmentsIn) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + s.text.length);
    if (from < to) pushSegment(out, s.type, full.slice(from, to));
    offset += s.text.length;
  }
  if (end < full.length) pushSegment(out, 'text', ' …');
  return out;
}

function phraseSpans(tokens: Token[], phrases: readonly string[][]): [number, number][] {
  const spans: [number, number][] = [];
  for (const phrase of phrases) {
    if (phrase.length === 0) continue;
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      let j = 0;
      while (j < phrase.length && tokens[i + j]!.term === phrase[j]) j++;
      if (j === phrase.length) spans.push([tokens[i]!.start, tokens[i + phrase.length - 1]!.end]);
    }
  }
  return spans;
}

function merge(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const span of spans) {
    const last = out[out.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push([span[0], span[1]]);
  }
  return out;
}

function segments(text: string, spans: [number, number][]): HighlightSegment[] {
  const out: HighlightSegment[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start > at) out.push({ type: 'text', text: text.slice(at, start) });
    out.push({ type: 'highlight', text: text.slice(start, end) });
    at = end;
  }
  if (at < text.length) out.push({ type: 'text', text: text.slice(at) });
  return out;
}

function pushSegment(out: HighlightSegment[], type: HighlightSegment['type'], text: string) {
  const last = out[out.length - 1];
  if (last && last.type === type) last.text += text;
  else out.push({ type, text });
}

function wordBoundaryAfter(text: string, at: number): number {
  const space = text.indexOf(' ', at);
  return space === -1 || space - at > 30 ? at : space + 1;
}

function wordBoundaryBefore(text: string, at: number): number {
  const space = text.lastIndexOf(' ', at);
  return space === -1 || at - space > 30 ? at : space;
}
