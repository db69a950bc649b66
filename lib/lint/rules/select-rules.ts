/**
 * SELECT-level constructs: DISTINCT ON (Redshift rejects it, node-sql-parser's Redshift grammar
 * accepts it), QUALIFY (Redshift has it since July 2023, PostgreSQL does not), SELECT … INTO, and the
 * rule that a model or test is exactly one SELECT, which the runner wraps in its own DDL.
 */
import { isAstNode, walkAst } from '../ast-walker.ts';
import type { Detection, LintRule } from '../lint-rule.ts';

export const noDistinctOn: LintRule = {
  id: 'redshift/no-distinct-on',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_SELECT_list.html',
  description: 'SELECT DISTINCT ON (…), which Redshift rejects although its grammar in node-sql-parser parses it',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['DISTINCT', 'ON']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (node.type !== 'select' || !isAstNode(node.distinct) || node.distinct.type !== 'DISTINCT ON') continue;
      detections.push({
        construct: 'DISTINCT ON',
        message: 'DISTINCT ON is not supported by Redshift; keep ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) = 1 from a CTE',
        at: place.next(),
      });
    }
    return detections;
  },
};

export const noQualify: LintRule = {
  id: 'portable/no-qualify',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_QUALIFY_clause.html',
  description: 'QUALIFY, which Redshift (since 2023) and DuckDB accept but PostgreSQL does not',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['QUALIFY']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (node.type !== 'select' || node.qualify === null || node.qualify === undefined) continue;
      detections.push({
        construct: 'QUALIFY',
        message: 'QUALIFY is not supported by PostgreSQL, which the project must also run on; filter the window function in an outer query',
        at: place.next(),
      });
    }
    return detections;
  },
};

export const noSelectInto: LintRule = {
  id: 'portable/no-select-into',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_SELECT_INTO.html',
  description: 'SELECT … INTO, which creates a table instead of returning rows',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['INTO']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (node.type !== 'select' || !isAstNode(node.into) || node.into.expr === undefined || node.into.expr === null) continue;
      detections.push({
        construct: 'SELECT … INTO',
        message: 'SELECT … INTO creates a table, but a model returns rows that the runner materializes; remove the INTO',
        at: place.next(),
      });
    }
    return detections;
  },
};

export const singleSelect: LintRule = {
  id: 'portable/single-select',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_SELECT_synopsis.html',
  description: 'anything but exactly one SELECT statement in a model or test',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const detections: Detection[] = [];
    const separators = locator.occurrences([';']);
    statements.forEach((statement, index) => {
      const kind = typeof statement.type === 'string' ? statement.type.toUpperCase() : 'UNKNOWN';
      if (kind !== 'SELECT') {
        detections.push({
          construct: kind,
          message: `${kind} is not a SELECT; a model or test is one SELECT statement, and the runner writes every table itself`,
          at: locator.cursor([kind]).next(),
        });
      }
      if (index === 1) {
        detections.push({
          construct: `${statements.length} statements`,
          message: `${statements.length} statements where a model or test is exactly one SELECT; split them or join them into one query`,
          at: separators[0],
        });
      }
    });
    return detections;
  },
};
