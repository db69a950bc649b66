/** Every mutation operator, in the order reports list them. */
import { aggregate } from './operators/aggregate.ts';
import { booleanConnective } from './operators/boolean-connective.ts';
import { caseBranch } from './operators/case-branch.ts';
import { comparison } from './operators/comparison.ts';
import { distinct } from './operators/distinct.ts';
import { joinKind } from './operators/join-kind.ts';
import { nullCheck } from './operators/null-check.ts';
import { numericConstant } from './operators/numeric-constant.ts';
import type { MutationOperator } from './operators/operator.ts';
import { sortDirection } from './operators/sort-direction.ts';

export const MUTATION_OPERATORS: readonly MutationOperator[] = [
  comparison,
  aggregate,
  sortDirection,
  distinct,
  joinKind,
  booleanConnective,
  nullCheck,
  numericConstant,
  caseBranch,
];
