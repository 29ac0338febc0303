/** Regular expressions in samples: compiling them as Ajv does, and strings generated from them. */

const regexCache = new Map<string, RegExp | null>();

/** `new RegExp(pattern, 'u')` as Ajv compiles it; null when it does not compile. */
export function compilePattern(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern)!;
}

/** Whether `value` matches `pattern` (true for a pattern that does not compile: nothing to check). */
export function matchesPattern(pattern: string, value: string): boolean {
  const re = compilePattern(pattern);
  return re === null ? true : re.test(value);
}

/**
 * Strings built from a regular expression: a small generator for the simple subset
 * (literals, escapes, `.`, character classes, groups, alternation, quantifiers). Each
 * quantifier repeats its minimum plus `extra` times (within its maximum); alternation
 * takes alternative `variant` (modulo the count). Returns [] when the pattern is not
 * understood. The results are candidates only: the caller checks them.
 */
export function patternStrings(
  pattern: string,
  extra: number,
  variant = 0,
  /** Longer results are given up on as they grow (`a{100000000}` builds nothing). */
  maxLength = Infinity,
): string[] {
  try {
    const out = new PatternGenerator(pattern, extra, variant, maxLength).generate();
    return out === undefined ? [] : [out];
  } catch {
    return [];
  }
}

class PatternGenerator {
  private i = 0;
  constructor(
    private readonly p: string,
    private readonly extra: number,
    private readonly variant: number,
    private readonly maxLength: number,
  ) {}

  generate(): string | undefined {
    const out = this.alternation();
    return this.i === this.p.length ? out : undefined;
  }

  private alternation(): string {
    const alternatives = [this.sequence()];
    while (this.p[this.i] === '|') {
      this.i++;
      alternatives.push(this.sequence());
    }
    return alternatives[this.variant % alternatives.length];
  }

  private sequence(): string {
    let out = '';
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      const [min, max] = this.quantifier();
      const times = Math.min(min + this.extra, max);
      if (out.length + atom.length * times > this.maxLength) throw new RangeError('too long');
      out += atom.repeat(times);
    }
    return out;
  }

  private quantifier(): [number, number] {
    const c = this.p[this.i];
    let range: [number, number] = [1, 1];
    if (c === '?') range = [0, 1];
    else if (c === '*') range = [0, Infinity];
    else if (c === '+') range = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
      if (!m) return range;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
      if (this.p[this.i] === '?') this.i++;
      return [min, max];
    } else return range;
    this.i++;
    if (this.p[this.i] === '?') this.i++; // lazy
    return range;
  }

  private atom(): string {
    const c = this.p[this.i++];
    switch (c) {
      case '^':
      case '$':
        return '';
      case '.':
        return 'a';
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false);
      default:
        return c;
    }
  }

  private group(): string {
    let lookaround = false;
    if (this.p[this.i] === '?') {
      const rest = this.p.slice(this.i);
      if (rest.startsWith('?:')) this.i += 2;
      else if (/^\?<[=!]/.test(rest)) {
        this.i += 3;
        lookaround = true;
      } else if (/^\?[=!]/.test(rest)) {
        this.i += 2;
        lookaround = true;
      } else {
        const named = /^\?<[A-Za-z_$][\w$]*>/.exec(rest);
        if (!named) throw new Error('unsupported group');
        this.i += named[0].length;
      }
    }
    const inner = this.alternation();
    if (this.p[this.i] !== ')') throw new Error('unclosed group');
    this.i++;
    return lookaround ? '' : inner;
  }

  private charClass(): string {
    const negated = this.p[this.i] === '^';
    if (negated) this.i++;
    const members: Array<[string, string]> = [];
    let first = true;
    while (this.i < this.p.length && (this.p[this.i] !== ']' || first)) {
      first = false;
      const lo = this.classChar();
      if (this.p[this.i] === '-' && this.p[this.i + 1] !== ']' && this.i + 1 < this.p.length) {
        this.i++;
        const hi = this.classChar();
        members.push([lo, hi]);
      } else members.push([lo, lo]);
    }
    if (this.p[this.i] !== ']') throw new Error('unclosed class');
    this.i++;
    const inClass = (ch: string): boolean =>
      members.some(([lo, hi]) => lo.length === 1 && hi.length === 1 && ch >= lo && ch <= hi);
    if (negated) {
      const pick = ['a', 'x', 'A', '0', '_', '-', ' ', '.'].find((ch) => !inClass(ch));
      if (pick === undefined) throw new Error('no character');
      return pick;
    }
    if (members.length === 0) throw new Error('empty class');
    // Prefer a letter or digit when the class has one, for readable values.
    for (const ch of ['a', 'A', '0']) if (inClass(ch)) return ch;
    return members[0][0];
  }

  /** One character of a class (escapes resolved to a representative). */
  private classChar(): string {
    const c = this.p[this.i++];
    return c === '\\' ? this.escape(true) : c;
  }

  private escape(inClass: boolean): string {
    const c = this.p[this.i++];
    switch (c) {
      case 'd':
        return '0';
      case 'w':
        return 'a';
      case 's':
        return ' ';
      case 'D':
      case 'S':
        return 'a';
      case 'W':
        return '-';
      case 'b':
        return inClass ? '\b' : '';
      case 'B':
        return '';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'u': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.p.slice(this.i));
        if (braced) {
          this.i += braced[0].length;
          return String.fromCodePoint(parseInt(braced[1], 16));
        }
        const hex = this.p.slice(this.i, this.i + 4);
        this.i += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case 'x': {
        const hex = this.p.slice(this.i, this.i + 2);
        this.i += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case 'p':
      case 'P': {
        const m = /^\{[^}]*\}/.exec(this.p.slice(this.i));
        if (m) this.i += m[0].length;
        return c === 'p' ? 'a' : '0';
      }
      default:
        if (c !== undefined && /[1-9]/.test(c)) throw new Error('backreference');
        if (c === undefined) throw new Error('dangling escape');
        return c;
    }
  }
}
