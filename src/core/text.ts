/**
 * Characters that XML 1.0 forbids even escaped, and that HTML counts as parse errors: C0 and C1
 * controls other than tab, line feed and carriage return, the noncharacters U+FFFE and U+FFFF,
 * and UTF-16 surrogates without their other half. Imported records, queries and comments can
 * carry them; they mean nothing to a reader and break feed parsers, so they are removed.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without control characters, noncharacters and lone surrogates. */
export function withoutUnprintable(text: string): string {
  return MAYBE_UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, '') : text;
}

// Every character UNPRINTABLE could remove, surrogates paired or not: one quick scan that spares
// clean text (nearly all text) the lookarounds, which are slow over every character.
// eslint-disable-next-line no-control-regex
const MAYBE_UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
