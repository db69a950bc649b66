/** Checks generator options up front and reports every problem at once. */
import { DEFAULT_DIRTY_SHARE, type GenerateOptions } from './generate-options.ts';

export class GenerateOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid generate options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'GenerateOptionsError';
  }
}

export interface ValidatedOptions {
  readonly outDir: string;
  readonly scale: number;
  readonly days: number;
  readonly seed: number;
  readonly endDate: string;
  readonly dirtyShare: number;
}

/** Larger scales work, but ten million rows a unit is beyond what a laptop landing needs. */
const MAX_SCALE = 1000;
/**
 * Every day of a table has its file open while the table is generated (deals open two tables):
 * 120 days stay below the 256 open files macOS allows by default.
 */
const MAX_DAYS = 120;

export function validateGenerateOptions(options: GenerateOptions): ValidatedOptions {
  const problems: string[] = [];
  const dirtyShare = options.dirtyShare ?? DEFAULT_DIRTY_SHARE;
  if (typeof options.outDir !== 'string' || options.outDir.trim() === '') problems.push('outDir must be a non-empty path');
  if (!Number.isFinite(options.scale) || options.scale <= 0 || options.scale > MAX_SCALE) {
    problems.push(`scale must be a number above 0 and at most ${MAX_SCALE}, got ${options.scale}`);
  }
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > MAX_DAYS) {
    problems.push(`days must be a whole number from 1 to ${MAX_DAYS}, got ${options.days}`);
  }
  if (!Number.isSafeInteger(options.seed)) problems.push(`seed must be a whole number, got ${options.seed}`);
  if (!isCalendarDate(options.endDate)) problems.push(`endDate must be a real date as YYYY-MM-DD, got '${options.endDate}'`);
  if (!Number.isFinite(dirtyShare) || dirtyShare < 0 || dirtyShare > 0.5) {
    problems.push(`dirtyShare must be from 0 to 0.5, got ${dirtyShare}`);
  }
  if (problems.length > 0) throw new GenerateOptionsError(problems);
  return {
    outDir: options.outDir,
    scale: options.scale,
    days: options.days,
    seed: options.seed,
    endDate: options.endDate,
    dirtyShare,
  };
}

function isCalendarDate(text: unknown): boolean {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
