/**
 * CASE branches: the results of two neighbouring branches (else included) swapped, or one
 * `when … then …` removed (only when another `when` remains: `case else x end` is not SQL).
 */
import type { StreamToken } from '../sql-token-stream.ts';
import { endOf, isWordToken, type Edit, type MutationOperator } from './operator.ts';

interface Branch {
  /** The `when` token, absent for `else`. */
  readonly when?: StreamToken;
  /** The result expression's first and last tokens. */
  readonly first: StreamToken;
  readonly last: StreamToken;
}

export const caseBranch: MutationOperator = {
  name: 'case-branch',
  description: 'two neighbouring CASE results swapped (else included), or a when … then … branch removed',
  edits(tokens, rawSql) {
    const edits: Edit[] = [];
    tokens.forEach((token, index) => {
      if (!isWordToken(token, 'case')) return;
      const branches = branchesOf(tokens, index);
      if (branches === undefined) return;
      const text = (branch: Branch): string => rawSql.slice(branch.first.start, endOf(branch.last));
      branches.forEach((branch, at) => {
        const following = branches[at + 1];
        if (following !== undefined && text(branch) !== text(following)) {
          edits.push({
            start: branch.first.start,
            end: endOf(following.last),
            replacement: text(following) + rawSql.slice(endOf(branch.last), following.first.start) + text(branch),
          });
        }
        if (branch.when !== undefined && branches.filter((other) => other.when !== undefined).length > 1) edits.push({ start: branch.when.start, end: endOf(branch.last), replacement: '' });
      });
    });
    return edits;
  },
};

/** The branches of the CASE starting at `caseIndex`, or undefined when it does not close. */
function branchesOf(tokens: readonly StreamToken[], caseIndex: number): Branch[] | undefined {
  // Keywords of this CASE only: nested CASEs and parentheses are skipped over.
  const keywords: { token: StreamToken; index: number }[] = [];
  let nested = 0;
  let parens = 0;
  for (let index = caseIndex + 1; index < tokens.length; index += 1) {
    const token = tokens[index] as StreamToken;
    if (token.kind === 'punctuation' && token.text === '(') parens += 1;
    if (token.kind === 'punctuation' && token.text === ')') parens -= 1;
    if (parens < 0) return undefined;
    if (token.kind !== 'word' || parens > 0) continue;
    if (token.value === 'case') nested += 1;
    else if (token.value === 'end' && nested > 0) nested -= 1;
    else if (nested === 0 && ['when', 'then', 'else', 'end'].includes(token.value)) {
      keywords.push({ token, index });
      if (token.value === 'end') break;
    }
  }
  if (keywords.at(-1)?.token.value !== 'end') return undefined;
  const branches: Branch[] = [];
  keywords.forEach((keyword, at) => {
    if (keyword.token.value !== 'then' && keyword.token.value !== 'else') return;
    const next = keywords[at + 1];
    const first = tokens[keyword.index + 1];
    const last = next === undefined ? undefined : tokens[next.index - 1];
    if (next === undefined || first === undefined || last === undefined || next.index === keyword.index + 1) return;
    const when = keyword.token.value === 'then' ? keywords[at - 1]?.token : undefined;
    branches.push({ ...(when === undefined ? {} : { when }), first, last });
  });
  return branches;
}
