import { describe, expect, it } from 'vitest';
import { GenerateOptionsError, validateGenerateOptions } from '../../lib/generate/options-validation.ts';

const valid = { outDir: 'data/landing', scale: 0.5, days: 3, seed: 42, endDate: '2026-11-24' };

describe('validateGenerateOptions', () => {
  it('accepts valid options and defaults the dirty share to 1%', () => {
    expect(validateGenerateOptions(valid)).toEqual({ ...valid, dirtyShare: 0.01 });
  });

  it('reports every problem at once', () => {
    const attempt = () =>
      validateGenerateOptions({ outDir: '', scale: 0, days: 1.5, seed: Number.NaN, endDate: '2026-02-30', dirtyShare: 2 });
    expect(attempt).toThrow(GenerateOptionsError);
    try {
      attempt();
    } catch (error) {
      expect((error as GenerateOptionsError).problems).toHaveLength(6);
      expect((error as Error).message).toContain("endDate must be a real date as YYYY-MM-DD, got '2026-02-30'");
    }
  });
});
