/**
 * Martin Porter's stemming algorithm (1980), as in his reference C implementation (with its
 * two published departures: "bli" → "ble" and "logi" → "log"). It maps "models", "modelling"
 * and "modeled" to one stem so a search for one finds the others. Input: a lower-case word
 * of ASCII letters; anything else is returned unchanged by the caller's choice.
 */
export function porterStem(word: string): string {
  if (word.length <= 2) return word;
  return new Stemmer(word).run();
}

class Stemmer {
  private b: string[];
  private k: number; // index of the last letter of the current word
  private j = 0; // end of the stem before a suffix found by ends()

  constructor(word: string) {
    this.b = word.split('');
    this.k = word.length - 1;
  }

  run(): string {
    this.step1ab();
    if (this.k > 0) {
      this.step1c();
      this.step2();
      this.step3();
      this.step4();
      this.step5();
    }
    return this.b.slice(0, this.k + 1).join('');
  }

  /** Whether b[i] is a consonant; 'y' is one at the start or after a vowel. */
  private cons(i: number): boolean {
    switch (this.b[i]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i === 0 ? true : !this.cons(i - 1);
      default:
        return true;
    }
  }

  /** The number of vowel-consonant sequences in b[0..j]: [C](VC)^m[V]. */
  private m(): number {
    let n = 0;
    let i = 0;
    for (;;) {
      if (i > this.j) return n;
      if (!this.cons(i)) break;
      i++;
    }
    i++;
    for (;;) {
      for (;;) {
        if (i > this.j) return n;
        if (this.cons(i)) break;
        i++;
      }
      i++;
      n++;
      for (;;) {
        if (i > this.j) return n;
        if (!this.cons(i)) break;
        i++;
      }
      i++;
    }
  }

  private vowelInStem(): boolean {
    for (let i = 0; i <= this.j; i++) if (!this.cons(i)) return true;
    return false;
  }

  private doubleConsonant(i: number): boolean {
    return i >= 1 && this.b[i] === this.b[i - 1] && this.cons(i);
  }

  /** consonant-vowel-consonant ending at i, the last not w, x or y: "hop", not "snow". */
  private cvc(i: number): boolean {
    if (i < 2 || !this.cons(i) || this.cons(i - 1) || !this.cons(i - 2)) return false;
    const ch = this.b[i];
    return ch !== 'w' && ch !== 'x' && ch !== 'y';
  }

  private ends(suffix: string): boolean {
    const length = suffix.length;
    if (length > this.k + 1) return false;
    for (let i = 0; i < length; i++) {
      if (this.b[this.k - length + 1 + i] !== suffix[i]) return false;
    }
    this.j = this.k - length;
    return true;
  }

  private setTo(text: string): void {
    for (let i = 0; i < text.length; i++) this.b[this.j + 1 + i] = text[i]!;
    this.k = this.j + text.length;
  }

  private replaceIfMeasured(text: string): void {
    if (this.m() > 0) this.setTo(text);
  }

  /** Plurals and -ed / -ing. */
  private step1ab(): void {
    if (this.b[this.k] === 's') {
      if (this.ends('sses')) this.k -= 2;
      else if (this.ends('ies')) this.setTo('i');
      else if (this.b[this.k - 1] !== 's') this.k--;
    }
    if (this.ends('eed')) {
      if (this.m() > 0) this.k--;
    } else if ((this.ends('ed') || this.ends('ing')) && this.vowelInStem()) {
      this.k = this.j;
      if (this.ends('at')) this.setTo('ate');
      else if (this.ends('bl')) this.setTo('ble');
      else if (this.ends('iz')) this.setTo('ize');
      else if (this.doubleConsonant(this.k)) {
        this.k--;
        const ch = this.b[this.k];
        if (ch === 'l' || ch === 's' || ch === 'z') this.k++;
      } else if (this.m() === 1 && this.cvc(this.k)) this.setTo('e');
    }
  }

  /** Terminal y → i when there is another vowel in the stem. */
  private step1c(): void {
    if (this.ends('y') && this.vowelInStem()) this.b[this.k] = 'i';
  }

  private step2(): void {
    for (const [suffix, replacement] of STEP2[this.b[this.k - 1] ?? ''] ?? []) {
      if (this.ends(suffix)) {
        this.replaceIfMeasured(replacement);
        return;
      }
    }
  }

  private step3(): void {
    for (const [suffix, replacement] of STEP3[this.b[this.k] ?? ''] ?? []) {
      if (this.ends(suffix)) {
        this.replaceIfMeasured(replacement);
        return;
      }
    }
  }

  /** Removes -ant, -ence and the like from words with m > 1. */
  private step4(): void {
    for (const suffix of STEP4[this.b[this.k - 1] ?? ''] ?? []) {
      if (this.ends(suffix)) {
        if (suffix === 'ion' && !(this.j >= 0 && (this.b[this.j] === 's' || this.b[this.j] === 't'))) return;
        if (this.m() > 1) this.k = this.j;
        return;
      }
    }
  }

  /** A final -e, and -ll → -l, on long enough words. */
  private step5(): void {
    this.j = this.k;
    if (this.b[this.k] === 'e') {
      const measure = this.m();
      if (measure > 1 || (measure === 1 && !this.cvc(this.k - 1))) this.k--;
    }
    // As in the reference, m() still measures up to the original end here.
    if (this.b[this.k] === 'l' && this.doubleConsonant(this.k) && this.m() > 1) this.k--;
  }
}

// Suffix tables keyed by the letter the reference implementation switches on.
const STEP2: Record<string, [string, string][]> = {
  a: [
    ['ational', 'ate'],
    ['tional', 'tion'],
  ],
  c: [
    ['enci', 'ence'],
    ['anci', 'ance'],
  ],
  e: [['izer', 'ize']],
  l: [
    ['bli', 'ble'],
    ['alli', 'al'],
    ['entli', 'ent'],
    ['eli', 'e'],
    ['ousli', 'ous'],
  ],
  o: [
    ['ization', 'ize'],
    ['ation', 'ate'],
    ['ator', 'ate'],
  ],
  s: [
    ['alism', 'al'],
    ['iveness', 'ive'],
    ['fulness', 'ful'],
    ['ousness', 'ous'],
  ],
  t: [
    ['aliti', 'al'],
    ['iviti', 'ive'],
    ['biliti', 'ble'],
  ],
  g: [['logi', 'log']],
};

const STEP3: Record<string, [string, string][]> = {
  e: [
    ['icate', 'ic'],
    ['ative', ''],
    ['alize', 'al'],
  ],
  i: [['iciti', 'ic']],
  l: [
    ['ical', 'ic'],
    ['ful', ''],
  ],
  s: [['ness', '']],
};

const STEP4: Record<string, string[]> = {
  a: ['al'],
  c: ['ance', 'ence'],
  e: ['er'],
  i: ['ic'],
  l: ['able', 'ible'],
  n: ['ant', 'ement', 'ment', 'ent'],
  o: ['ion', 'ou'],
  s: ['ism'],
  t: ['ate', 'iti'],
  u: ['ous'],
  v: ['ive'],
  z: ['ize'],
};
