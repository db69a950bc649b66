/**
 * The only expression grammar the templating accepts, a tiny subset of Jinja's:
 *   expression := name | name '(' [argument (',' argument)* [',']] ')'
 *   argument   := value | name '=' value              (keywords after positionals, as in Python)
 *   value      := literal | name                      (a bare name: a macro parameter)
 *   literal    := 'string' | "string" | number | true | false | none | '[' literals ']'
 * Everything else (filters, operators, attribute access, nested calls) is outside the grammar.
 */

export type TemplateLiteral = string | number | boolean | null | readonly TemplateLiteral[];

/** A bare name as an argument: only a project macro's body has any, its parameters. */
export interface ParameterArgument {
  readonly parameter: string;
}

export type TemplateArgument = TemplateLiteral | ParameterArgument;

export function isParameterArgument(value: TemplateArgument | undefined): value is ParameterArgument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type TemplateExpression =
  | { readonly kind: 'name'; readonly name: string }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly positional: readonly TemplateArgument[];
      /** In written order; duplicates are kept so the caller can report them. */
      readonly keyword: readonly (readonly [string, TemplateArgument])[];
    };

type Token =
  | { readonly type: 'name'; readonly value: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'punctuation'; readonly value: string };

/** The parsed expression, or undefined when `body` is not in the grammar. */
export function parseTemplateExpression(body: string): TemplateExpression | undefined {
  const tokens = tokenize(body);
  if (tokens === undefined) return undefined;
  const parser = new Parser(tokens);
  const expression = parser.expression();
  return expression !== undefined && parser.atEnd() ? expression : undefined;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

function tokenize(body: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  while (index < body.length) {
    const rest = body.slice(index);
    const space = /^\s+/.exec(rest);
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const number = /^-?\d+(\.\d+)?(?![A-Za-z0-9_])/.exec(rest);
    const char = body[index] as string;
    if (space) {
      index += space[0].length;
    } else if (name) {
      tokens.push({ type: 'name', value: name[0] });
      index += name[0].length;
    } else if (number) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      index += number[0].length;
    } else if (char === "'" || char === '"') {
      let value = '';
      let cursor = index + 1;
      while (cursor < body.length && body[cursor] !== char) {
        if (body[cursor] === '\\' && cursor + 1 < body.length) {
          const escaped = body[cursor + 1] as string;
          // Unknown escapes keep their backslash, as in Python.
          value += ESCAPES[escaped] ?? `\\${escaped}`;
          cursor += 2;
        } else {
          value += body[cursor];
          cursor += 1;
        }
      }
      if (cursor >= body.length) return undefined;
      tokens.push({ type: 'string', value });
      index = cursor + 1;
    } else if ('()[],='.includes(char)) {
      tokens.push({ type: 'punctuation', value: char });
      index += 1;
    } else {
      return undefined;
    }
  }
  return tokens;
}

const CONSTANTS: Readonly<Record<string, TemplateLiteral>> = {
  true: true,
  True: true,
  false: false,
  False: false,
  none: null,
  None: null,
};

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  atEnd(): boolean {
    return this.position === this.tokens.length;
  }

  expression(): TemplateExpression | undefined {
    const name = this.take('name');
    if (name === undefined) return undefined;
    if (!this.takePunctuation('(')) return { kind: 'name', name };
    const positional: TemplateArgument[] = [];
    const keyword: [string, TemplateArgument][] = [];
    while (!this.takePunctuation(')')) {
      const next = this.tokens[this.position];
      const following = this.tokens[this.position + 1];
      if (next?.type === 'name' && following?.type === 'punctuation' && following.value === '=') {
        this.position += 2;
        const value = this.argument();
        if (value === undefined) return undefined;
        keyword.push([next.value, value]);
      } else {
        const value = this.argument();
        if (value === undefined || keyword.length > 0) return undefined;
        positional.push(value);
      }
      if (!this.takePunctuation(',') && !this.peekPunctuation(')')) return undefined;
    }
    return { kind: 'call', name, positional, keyword };
  }

  private argument(): TemplateArgument | undefined {
    const token = this.tokens[this.position];
    if (token?.type === 'name' && !Object.hasOwn(CONSTANTS, token.value)) {
      this.position += 1;
      return { parameter: token.value };
    }
    return this.literal();
  }

  private literal(): TemplateLiteral | undefined {
    const token = this.tokens[this.position];
    if (token === undefined) return undefined;
    if (token.type === 'string' || token.type === 'number') {
      this.position += 1;
      return token.value;
    }
    if (token.type === 'name' && Object.hasOwn(CONSTANTS, token.value)) {
      this.position += 1;
      return CONSTANTS[token.value];
    }
    if (this.takePunctuation('[')) {
      const items: TemplateLiteral[] = [];
      while (!this.takePunctuation(']')) {
        const item = this.literal();
        if (item === undefined) return undefined;
        items.push(item);
        if (!this.takePunctuation(',') && !this.peekPunctuation(']')) return undefined;
      }
      return items;
    }
    return undefined;
  }

  private take(type: 'name'): string | undefined {
    const token = this.tokens[this.position];
    if (token?.type !== type) return undefined;
    this.position += 1;
    return token.value;
  }

  private peekPunctuation(value: string): boolean {
    const token = this.tokens[this.position];
    return token?.type === 'punctuation' && token.value === value;
  }

  private takePunctuation(value: string): boolean {
    if (!this.peekPunctuation(value)) return false;
    this.position += 1;
    return true;
  }
}
