/**
 * Compares what the data tests found in two warehouses: per test and phase (the audit of the
 * staged build, or the check of the published one), the status and the number of failing rows
 * recorded in audit.check_results. Failing-row samples are not compared: which rows a sample
 * shows is up to each engine. By default each side's most recent run is read.
 */
import { AUDIT_TABLES } from '../../../lib/audit/audit-tables.ts';
import type { Engine } from '../../../lib/engines/engine.ts';
import { sqlString } from '../../../lib/sql/literals.ts';
import type { CheckOutcome, Difference } from './difference.ts';

interface RecordedCheck extends CheckOutcome {
  readonly test: string;
  readonly phase: string;
}

export async function compareChecks(a: Engine, b: Engine, runIds?: readonly [string, string]): Promise<Difference[]> {
  const [left, right] = await Promise.all([recordedChecks(a, runIds?.[0]), recordedChecks(b, runIds?.[1])]);
  const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
  const differences: Difference[] = [];
  for (const key of keys) {
    const onA = left.get(key);
    const onB = right.get(key);
    if (onA && onB && onA.status === onB.status && onA.failures === onB.failures) continue;
    const { test, phase } = (onA ?? onB) as RecordedCheck;
    differences.push({ kind: 'check', test, phase, a: outcome(onA), b: outcome(onB) });
  }
  return differences;
}

function outcome(check: RecordedCheck | undefined): CheckOutcome | undefined {
  return check === undefined ? undefined : { status: check.status, failures: check.failures };
}

async function recordedChecks(engine: Engine, runId: string | undefined): Promise<Map<string, RecordedCheck>> {
  const run =
    runId === undefined
      ? `(select run_id from ${AUDIT_TABLES.checkResults} order by checked_at desc, run_id desc limit 1)`
      : sqlString(runId);
  const rows = await engine.query(
    `select test_name, phase, status, failures from ${AUDIT_TABLES.checkResults} where run_id = ${run}`,
  );
  return new Map(
    rows.map((row) => {
      const check = { test: String(row.test_name), phase: String(row.phase), status: String(row.status), failures: Number(row.failures) };
      return [`${check.test}\u0000${check.phase}`, check];
    }),
  );
}
