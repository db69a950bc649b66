/**
 * Clauses of writing statements that Redshift lacks: INSERT … ON CONFLICT (upsert) and RETURNING.
 * A model never writes (portable/single-select reports the statement itself); these name the
 * clause, because someone porting an upsert needs to hear that Redshift has none.
 */
import { walkAst } from '../ast-walker.ts';
import type { Detection, LintRule } from '../lint-rule.ts';

export const noOnConflict: LintRule = {
  id: 'redshift/no-on-conflict',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_INSERT_30.html',
  description: 'INSERT … ON CONFLICT (upsert)',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['ON', 'CONFLICT']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (node.conflict === undefined || node.conflict === null) continue;
      detections.push({
        construct: 'ON CONFLICT',
        message: 'ON CONFLICT is not supported by Redshift; an incremental model declares unique_key and the runner replaces those rows',
        at: place.next(),
      });
    }
    return detections;
  },
};

export const noReturning: LintRule = {
  id: 'redshift/no-returning',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_INSERT_30.html',
  description: 'RETURNING on INSERT, UPDATE or DELETE',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['RETURNING']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (node.returning === undefined || node.returning === null) continue;
      detections.push({
        construct: 'RETURNING',
        message: 'RETURNING is not supported by Redshift; query the table after writing it',
        at: place.next(),
      });
    }
    return detections;
  },
};
