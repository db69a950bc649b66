/** Tiny landing folders for loader tests, written per test into a temp dir. */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PlanSource } from '../../../lib/plan/plan.ts';

export function source(tableName: string, columns: Record<string, string>): PlanSource {
  return {
    id: `source.crm.${tableName}`,
    sourceName: 'crm',
    tableName,
    relation: { schema: 'raw', name: tableName },
    columns: Object.entries(columns).map(([name, dataType]) => ({ name, dataType })),
  };
}

export const deals = source('deals', {
  deal_id: 'varchar',
  amount: 'decimal(18,2)',
  probability: 'decimal(5,2)',
  quantity: 'integer',
  expected_close_date: 'date',
  is_deleted: 'boolean',
  updated_at: 'timestamp',
});

export const DEALS_HEADER = 'deal_id,amount,probability,quantity,expected_close_date,is_deleted,updated_at';

export class Landing {
  private constructor(readonly dir: string) {}

  static async create(): Promise<Landing> {
    return new Landing(await mkdtemp(join(tmpdir(), 'landing-')));
  }

  /** Writes `raw/<table>/ingest_date=<day>/<name>`; lines are joined with `\n` plus a final newline. */
  async write(table: string, day: string, name: string, lines: readonly string[]): Promise<string> {
    const path = join(this.dir, 'raw', table, `ingest_date=${day}`, name);
    await mkdir(dirname(path), { recursive: true });
    const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    await writeFile(path, name.toLowerCase().endsWith('.gz') ? gzipSync(text) : text);
    return path;
  }

  /** Moves a file's modification time, as a producer rewriting it would. */
  async touch(path: string, secondsLater: number): Promise<void> {
    const when = new Date(Date.now() + secondsLater * 1000);
    await utimes(path, when, when);
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
