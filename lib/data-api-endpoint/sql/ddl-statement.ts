import { readRelationName, type RelationName } from './relation-name.ts';
import { identifierValue, isSignificant, isWord, type Token } from './sql-tokens.ts';
import { nextSignificant, splitAtTopLevelCommas } from './token-navigation.ts';

/**
 * What a statement does to relations, as far as emulating late-binding views needs to know
 * (see late-binding-views.ts) and Redshift's implicit commit after TRUNCATE.
 */
export type DdlStatement =
  | {
      readonly kind: 'create-view';
      readonly name: RelationName;
      readonly orReplace: boolean;
      readonly lateBinding: boolean;
      /** Everything after the view name: optional column list, `AS`, the query. */
      readonly definition: readonly Token[];
    }
  | { readonly kind: 'alter-relation'; readonly name: RelationName; readonly renameTo?: string }
  | { readonly kind: 'drop-relations'; readonly names: readonly RelationName[] }
  | { readonly kind: 'drop-schemas'; readonly names: readonly string[] }
  | { readonly kind: 'truncate' }
  /** A stored procedure call, whose dynamic SQL may drop and rename relations. */
  | { readonly kind: 'call' }
  | { readonly kind: 'other-ddl' }
  | { readonly kind: 'not-ddl' };

/** Classifies one statement (its tokens after the Redshift-only clauses were removed). */
export function classifyDdl(tokens: readonly Token[], lateBinding: boolean): DdlStatement {
  const words = leadingWords(tokens, 4);
  const [first, second] = words.map((word) => word.text);
  if (first === 'truncate') return { kind: 'truncate' };
  if (first === 'call') return { kind: 'call' };
  if (first === 'create') {
    const view = readCreateView(tokens, words, lateBinding);
    return view ?? { kind: 'other-ddl' };
  }
  if (first === 'alter' && (second === 'table' || second === 'view')) {
    return readAlterRelation(tokens, (words[1] as LeadingWord).index);
  }
  if (first === 'drop' && (second === 'table' || second === 'view')) {
    return readDropRelations(tokens, (words[1] as LeadingWord).index);
  }
  if (first === 'drop' && second === 'schema') return readDropSchemas(tokens, (words[1] as LeadingWord).index);
  if (first === 'alter' || first === 'drop' || first === 'comment' || first === 'grant') return { kind: 'other-ddl' };
  return { kind: 'not-ddl' };
}

interface LeadingWord {
  text: string;
  index: number;
}

function leadingWords(tokens: readonly Token[], count: number): LeadingWord[] {
  const words: LeadingWord[] = [];
  let index = nextSignificant(tokens, 0);
  while (words.length < count && isWord(tokens[index])) {
    words.push({ text: (tokens[index] as Token).text.toLowerCase(), index });
    index = nextSignificant(tokens, index + 1);
  }
  return words;
}

function readCreateView(tokens: readonly Token[], words: LeadingWord[], lateBinding: boolean): DdlStatement | undefined {
  const orReplace = words[1]?.text === 'or' && words[2]?.text === 'replace';
  const viewWord = words[orReplace ? 3 : 1];
  if (viewWord?.text !== 'view') return undefined;
  const { name, end } = readRelationName(tokens, nextSignificant(tokens, viewWord.index + 1));
  return { kind: 'create-view', name, orReplace, lateBinding, definition: tokens.slice(end) };
}

function readAlterRelation(tokens: readonly Token[], keyword: number): DdlStatement {
  let start = nextSignificant(tokens, keyword + 1);
  if (isWord(tokens[start], 'if')) start = nextSignificant(tokens, nextSignificant(tokens, start + 1) + 1);
  const { name, end } = readRelationName(tokens, start);
  const rename = nextSignificant(tokens, end);
  const to = nextSignificant(tokens, rename + 1);
  const target = tokens[nextSignificant(tokens, to + 1)];
  if (isWord(tokens[rename], 'rename') && isWord(tokens[to], 'to') && target !== undefined) {
    return { kind: 'alter-relation', name, renameTo: identifierValue(target) };
  }
  return { kind: 'alter-relation', name };
}

function readDropRelations(tokens: readonly Token[], keyword: number): DdlStatement {
  const names = dropTargets(tokens, keyword).map((part) => readRelationName(part, nextSignificant(part, 0)).name);
  return { kind: 'drop-relations', names };
}

function readDropSchemas(tokens: readonly Token[], keyword: number): DdlStatement {
  const names = dropTargets(tokens, keyword).map((part) => identifierValue(part[nextSignificant(part, 0)] as Token));
  return { kind: 'drop-schemas', names };
}

/** The comma-separated names after `DROP <kind> [IF EXISTS]`, without a trailing CASCADE/RESTRICT. */
function dropTargets(tokens: readonly Token[], keyword: number): Token[][] {
  let start = nextSignificant(tokens, keyword + 1);
  if (isWord(tokens[start], 'if')) start = nextSignificant(tokens, nextSignificant(tokens, start + 1) + 1);
  const rest = tokens.slice(start).filter((token) => !isWord(token, 'cascade', 'restrict'));
  return splitAtTopLevelCommas(rest).filter((part) => part.some(isSignificant));
}
