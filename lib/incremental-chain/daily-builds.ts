/**
 * An incremental chain (lib/generate/incremental-chain.ts) replayed into one warehouse: each day's
 * files landed on top of the earlier days', then built without --full-refresh, as a daily
 * scheduled run would.
 */
import { join } from 'node:path';
import { landChainDay } from '../generate/chain-replay.ts';
import { CHAIN_MANIFEST_FILE, type ChainDay, type ChainManifest } from '../generate/chain-scenario.ts';
import type { LoadSummary } from '../landing/load-summary.ts';
import type { Plan } from '../plan/plan.ts';
import type { Project } from '../project/project.ts';
import type { RunResult } from '../runner/execute-plan.ts';
import { buildLanding, type BuildNodes, type ChainWarehouse } from './landing-build.ts';

/**
 * The last day of the chain the incremental-chain tests and the mutation runner replay. Its ten days run
 * from 2026-11-24 to 12-03, across the first of a month, so a new monthly snapshot and the roll-over of the
 * oldest (mart_account_features) happen inside the chain, not only the daily changes.
 */
export const CHAIN_LAST_DATE = '2026-12-03';

export interface ChainDayBuild {
  readonly day: number;
  readonly runDate: string;
  readonly runId: string;
  readonly load: LoadSummary;
  readonly run: RunResult;
}

export interface DailyBuildsRequest {
  /** The chain folder: its manifest and one folder per day. */
  readonly chainDir: string;
  readonly manifest: ChainManifest;
  /** The warehouse's landing folder, filled day by day. */
  readonly landingDir: string;
  /** What each day builds; @default every model and test */
  readonly nodes?: (plan: Plan, day: ChainDay) => BuildNodes;
}

export interface DailyBuilds {
  readonly days: readonly ChainDayBuild[];
  /** The plan of the last day. */
  readonly plan: Plan;
}

export async function buildChainDays(project: Project, warehouse: ChainWarehouse, request: DailyBuildsRequest): Promise<DailyBuilds> {
  const days: ChainDayBuild[] = [];
  let plan: Plan | undefined;
  for (const day of request.manifest.days) {
    await landChainDay(request.chainDir, request.manifest, day.day, request.landingDir);
    const runId = chainRunId(day.day);
    const { nodes } = request;
    const built = await buildLanding(project, warehouse, {
      landingDir: request.landingDir,
      runDate: day.runDate,
      runId,
      fullRefresh: false,
      ...(nodes === undefined ? {} : { nodes: (compiled: Plan) => nodes(compiled, day) }),
    });
    plan = built.plan;
    days.push({ day: day.day, runDate: day.runDate, runId, load: built.load, run: built.run });
  }
  if (plan === undefined) throw new Error(`${join(request.chainDir, CHAIN_MANIFEST_FILE)}: the chain has no days`);
  return { days, plan };
}

/** `chain-day-03`: the run id of a chain day's build. */
export function chainRunId(day: number): string {
  return `chain-day-${String(day).padStart(2, '0')}`;
}
