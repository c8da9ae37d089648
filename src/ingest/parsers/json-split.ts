/**
 * A streaming splitter for one big JSON document: a top-level array yields its elements, a
 * top-level object yields its members (`"key": value`). Each element is parsed on its own, so
 * memory stays at one element however large the file. It only tracks strings and nesting
 * depth; JSON.parse judges each element.
 */
import { describeReadError, formatSize, MAX_RECORD_BYTES, toBuffer, type ByteSource } from './source.ts';

export type JsonElement =
  /** `at` is the 1-based position in the array/object; `key` is set for object members. */
  { at: number; key: string | null; value: unknown } | { at: number; reason: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

class Splitter {
  state: 'start' | 'inside' | 'done' | 'stopped' = 'start';
  container: 'array' | 'object' = 'array';
  /** Elements finished by the last {@link feed}. */
  readonly out: JsonElement[] = [];
  at = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private size = 0;
  private oversized = false;

  constructor(private readonly maxElementChars: number) {}

  feed(s: string): void {
    let segment = 0;
    for (let i = 0; i < s.length && this.state !== 'stopped'; i++) {
      const c = s.charCodeAt(i);
      if (this.state === 'start') {
        if (isSpace(c)) continue;
        if (c === OPEN_BRACKET || c === OPEN_BRACE) {
          this.container = c === OPEN_BRACKET ? 'array' : 'object';
          this.state = 'inside';
          segment = i + 1;
        } else this.stop('not a JSON array or object');
      } else if (this.state === 'done') {
        if (!isSpace(c)) this.stop('unexpected text after the end of the JSON document');
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth > 0) this.depth--;
        else {
          this.take(s.slice(segment, i));
          this.flush(true);
          this.state = 'done';
        }
      } else if (c === COMMA && this.depth === 0) {
        this.take(s.slice(segment, i));
        this.flush(false);
        segment = i + 1;
      }
    }
    if (this.state === 'inside') this.take(s.slice(segment));
  }

  /** Called at the end of the input. */
  end(): void {
    if (this.state === 'inside') this.stop(`input ends early: JSON ${this.container} not closed`);
  }

  private stop(reason: string): void {
    this.out.push({ at: this.at + 1, reason });
    this.state = 'stopped';
  }

  private take(piece: string): void {
    if (this.oversized) return;
    // Characters, not bytes: close enough for a memory bound, and exact for ASCII.
    this.size += piece.length;
    if (this.size > this.maxElementChars) {
      this.oversized = true;
      this.parts = [];
    } else if (piece !== '') this.parts.push(piece);
  }

  private flush(closing: boolean): void {
    const text = this.parts.join('').trim();
    const oversized = this.oversized;
    this.parts = [];
    this.size = 0;
    this.oversized = false;
    // `[]`, `{}` and the space before a closing bracket carry no element.
    if (closing && text === '' && !oversized) return;
    this.at++;
    if (oversized) this.out.push({ at: this.at, reason: `record longer than ${formatSize(this.maxElementChars)}` });
    else this.out.push(parseElement(this.at, text, this.container));
  }
}

function parseElement(at: number, text: string, container: 'array' | 'object'): JsonElement {
  try {
    if (container === 'array') return { at, key: null, value: JSON.parse(text) };
    // A member `"key": value` parses as the one-member object around it.
    const member = JSON.parse(`{${text}}`) as Record<string, unknown>;
    const key = Object.keys(member)[0];
    if (key === undefined) return { at, reason: 'not JSON: empty object member' };
    return { at, key, value: member[key] };
  } catch (err) {
    return { at, reason: `not JSON: ${(err as Error).message}` };
  }
}

export async function* splitJsonDocument(input: ByteSource, maxElementBytes = MAX_RECORD_BYTES): AsyncGenerator<JsonElement> {
  const decoder = new TextDecoder('utf-8');
  const splitter = new Splitter(maxElementBytes);
  try {
    for await (const chunk of input) {
      splitter.feed(decoder.decode(toBuffer(chunk), { stream: true }));
      yield* splitter.out.splice(0);
      if (splitter.state === 'stopped') return;
    }
    splitter.feed(decoder.decode());
  } catch (err) {
    yield* splitter.out.splice(0);
    yield { at: splitter.at + 1, reason: describeReadError(err) };
    return;
  }
  splitter.end();
  yield* splitter.out.splice(0);
}
