/**
 * Runs saxes over XML for the Atom and OAI-PMH parsers, from a string (a live API page) or a
 * stream (a file), with the same handler either way.
 *
 * Safety: a document with a DOCTYPE is refused outright, before any entity could be declared or
 * used (billion laughs, external entities). saxes itself only knows the five XML entities and
 * never fetches anything; refusing the DTD keeps that true whatever it learns in future.
 */
import { SaxesParser } from 'saxes';
import type { PaperRecord, ParsedItem } from '../../core/paper.ts';
import { describeReadError, formatSize, MAX_RECORD_BYTES, toBuffer, type ByteSource } from './source.ts';

export const DTD_REFUSED = 'XML with a DTD is not accepted';

/**
 * Base of a format's SAX handler. It keeps the element path and the text of the element being
 * read, and counts records so failures can say where they happened. Subclasses react to
 * elements closing (by local name, prefixes dropped: old and new arXiv feeds differ there).
 */
export abstract class XmlRecordHandler {
  /** Items completed and not yet taken by the driver. */
  readonly out: ParsedItem[] = [];
  /** Records begun so far; the current one while inside a record. */
  protected count = 0;
  protected inRecord = false;
  /** Set when the current record's text passed the size limit; it is rejected at its end. */
  protected oversized = false;
  private recordChars = 0;
  private readonly path: { name: string; text: string }[] = [];

  /** @param maxRecordChars text a record may hold (characters, close to bytes for metadata). */
  constructor(readonly maxRecordChars = MAX_RECORD_BYTES) {}

  /** Record number a failure now belongs to: the open record, else the next one. */
  get at(): number {
    return this.inRecord ? this.count : this.count + 1;
  }

  open(name: string, attributes: Record<string, string>): void {
    this.path.push({ name, text: '' });
    this.onOpen(name, attributes, this.parentName(1));
  }

  text(text: string): void {
    const top = this.path.at(-1);
    // Whitespace between elements is noise, and keeping it in containers would grow with the
    // file; inside text already begun (`<![CDATA[a]]> <![CDATA[b]]>`) it is content.
    if (!top || (top.text === '' && /^\s*$/.test(text))) return;
    if (this.inRecord) {
      this.recordChars += text.length;
      if (this.recordChars > this.maxRecordChars) this.oversized = true;
      if (this.oversized) return;
    } else if (top.text.length + text.length > this.maxRecordChars) return;
    top.text += text;
  }

  close(name: string): void {
    const element = this.path.pop();
    this.onClose(name, element?.text ?? '', this.parentName(0));
  }

  protected beginRecord(): void {
    this.count++;
    this.inRecord = true;
    this.oversized = false;
    this.recordChars = 0;
  }

  protected endRecord(result: PaperRecord | string): void {
    this.inRecord = false;
    if (this.oversized) result = `record longer than ${formatSize(this.maxRecordChars)}`;
    this.out.push(
      typeof result === 'string'
        ? { kind: 'rejected', at: this.count, reason: result }
        : { kind: 'record', at: this.count, record: result },
    );
  }

  /** Name of an enclosing element: 0 = the parent of a just-closed element, 1 = of a just-opened one. */
  private parentName(offset: 0 | 1): string | null {
    return this.path.at(-1 - offset)?.name ?? null;
  }

  protected abstract onOpen(name: string, attributes: Record<string, string>, parent: string | null): void;
  protected abstract onClose(name: string, text: string, parent: string | null): void;
}

class Refused extends Error {}

/** Largest slice handed to saxes at once, so the text-node guard below is checked often. */
const SLICE = 64 * 1024;

/**
 * Feeds text to saxes and turns any problem into a reason. saxes buffers a text node until its
 * end tag; the guard refuses a document whose single node outgrows twice the record limit.
 */
class XmlDriver {
  private readonly parser = new SaxesParser({ position: true });
  private charsSinceEvent = 0;
  private started = false;
  failure: string | null = null;

  constructor(private readonly handler: XmlRecordHandler) {
    const p = this.parser;
    p.on('doctype', () => {
      throw new Refused(DTD_REFUSED);
    });
    p.on('opentag', (tag) => {
      this.charsSinceEvent = 0;
      handler.open(localName(tag.name), tag.attributes as Record<string, string>);
    });
    p.on('closetag', (tag) => {
      this.charsSinceEvent = 0;
      handler.close(localName(tag.name));
    });
    p.on('text', (text) => {
      this.charsSinceEvent = 0;
      handler.text(text);
    });
    p.on('cdata', (text) => {
      this.charsSinceEvent = 0;
      handler.text(text);
    });
    // No 'error' handler: saxes then throws, and the first error ends the document.
  }

  write(text: string): void {
    if (this.failure !== null) return;
    if (!this.started && /^\s*$/.test(text)) return;
    this.started = true;
    for (let i = 0; i < text.length && this.failure === null; i += SLICE) {
      const slice = text.slice(i, i + SLICE);
      this.guard(() => this.parser.write(slice));
      this.charsSinceEvent += slice.length;
      const limit = 2 * this.handler.maxRecordChars;
      if (this.failure === null && this.charsSinceEvent > limit) {
        this.failure = `XML text longer than ${formatSize(limit)}`;
      }
    }
  }

  close(): void {
    // An empty input is no document at all; the importer reports it as empty.
    if (this.failure === null && this.started) this.guard(() => this.parser.close());
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (err) {
      if (err instanceof Refused) this.failure = err.message;
      else if (err instanceof Error) this.failure = `XML is not well-formed: ${err.message}`;
      else throw err;
    }
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Parses a whole document held in memory. Returns the failure reason, or null when it parsed. */
export function parseXmlString(xml: string, handler: XmlRecordHandler): string | null {
  const driver = new XmlDriver(handler);
  driver.write(xml);
  driver.close();
  return driver.failure;
}

/**
 * Parses a stream, yielding items as records close. A failure (DTD, malformed XML, read error)
 * comes as a final rejected item after every record completed before it.
 */
export async function* streamXml(input: ByteSource, handler: XmlRecordHandler): AsyncGenerator<ParsedItem> {
  const driver = new XmlDriver(handler);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of input) {
      driver.write(typeof chunk === 'string' ? chunk : decoder.decode(toBuffer(chunk), { stream: true }));
      yield* handler.out.splice(0);
      if (driver.failure !== null) break;
    }
    driver.write(decoder.decode());
    driver.close();
  } catch (err) {
    yield* handler.out.splice(0);
    yield { kind: 'rejected', at: handler.at, reason: describeReadError(err) };
    return;
  }
  yield* handler.out.splice(0);
  if (driver.failure !== null) yield { kind: 'rejected', at: handler.at, reason: driver.failure };
}
