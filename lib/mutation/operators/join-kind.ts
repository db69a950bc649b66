/** Join kind changed: left [outer] join → inner join, [inner] join → left join. */
import { endOf, isWordToken, type Edit, type MutationOperator } from './operator.ts';

export const joinKind: MutationOperator = {
  name: 'join-kind',
  description: 'a join kind changed: left [outer] join → inner join, [inner] join → left join',
  edits(tokens) {
    return tokens.flatMap((token, index): Edit[] => {
      if (isWordToken(token, 'left')) {
        const last = isWordToken(tokens[index + 1], 'outer') ? tokens[index + 1] : token;
        const join = tokens[index + (last === token ? 1 : 2)];
        return isWordToken(join, 'join') && last !== undefined ? [{ start: token.start, end: endOf(last), replacement: 'inner' }] : [];
      }
      if (isWordToken(token, 'inner') && isWordToken(tokens[index + 1], 'join')) return [{ start: token.start, end: endOf(token), replacement: 'left' }];
      if (isWordToken(token, 'join') && !isWordToken(tokens[index - 1], 'left', 'right', 'full', 'inner', 'outer', 'cross', 'natural', 'anti', 'semi', 'asof', 'positional')) {
        return [{ start: token.start, end: endOf(token), replacement: 'left join' }];
      }
      return [];
    });
  },
};
