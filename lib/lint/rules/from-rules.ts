/**
 * FROM-clause constructs from "Unsupported PostgreSQL features": LATERAL joins, VALUES lists used
 * as constant tables, and table functions. GENERATE_SERIES has its own rule (function-rules.ts).
 */
import { callName } from '../ast-nodes.ts';
import { isAstNode, walkAst } from '../ast-walker.ts';
import { callConstruct } from '../banned-calls.ts';
import type { Detection, LintRule } from '../lint-rule.ts';

export const noLateral: LintRule = {
  id: 'redshift/no-lateral',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_FROM_clause30.html',
  description: 'LATERAL subqueries and joins',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['LATERAL']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (typeof node.prefix !== 'string' || node.prefix.toUpperCase() !== 'LATERAL') continue;
      detections.push({
        construct: 'LATERAL',
        message: 'LATERAL is not supported by Redshift; aggregate the inner query per key in a CTE and join it',
        at: place.next(),
      });
    }
    return detections;
  },
};

export const noValuesList: LintRule = {
  id: 'redshift/no-values-list',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html',
  description: 'VALUES lists used as constant tables',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['VALUES']);
    const detections: Detection[] = [];
    for (const { node, ancestors } of walkAst(statements)) {
      if (node.type !== 'values') continue;
      const at = place.next();
      // INSERT … VALUES is a different construct, reported by portable/single-select.
      if (ancestors.at(-1)?.type === 'insert') continue;
      detections.push({
        construct: 'VALUES (…)',
        message: 'VALUES lists are not supported by Redshift as tables; write SELECT … UNION ALL SELECT …',
        at,
      });
    }
    return detections;
  },
};

/** Reported by their own rules, with better advice. */
const COVERED_ELSEWHERE = new Set(['generate_series', 'generate_subscripts', 'unnest']);

export const noTableFunction: LintRule = {
  id: 'redshift/no-table-function',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html',
  description: 'functions used as tables in FROM',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const detections: Detection[] = [];
    for (const { node, key } of walkAst(statements)) {
      if (key !== 'from' || node.type !== 'expr' || !isAstNode(node.expr)) continue;
      const name = callName(node.expr);
      if (name === undefined || COVERED_ELSEWHERE.has(name)) continue;
      const construct = `${callConstruct(name)} in FROM`;
      detections.push({
        construct,
        message: `${construct}: table functions are not supported by Redshift; select from a table or a CTE`,
        at: locator.cursor([name.toUpperCase(), '(']).next(node.expr),
      });
    }
    return detections;
  },
};
