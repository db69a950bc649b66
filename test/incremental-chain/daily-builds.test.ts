// The chain's daily builds (lib/incremental-chain/daily-builds.ts): a chain without days has no last plan, and says where it is.
import { describe, expect, it } from 'vitest';
import { buildChainDays } from '../../lib/incremental-chain/daily-builds.ts';
import type { ChainWarehouse } from '../../lib/incremental-chain/landing-build.ts';
import type { Project } from '../../lib/project/project.ts';

describe('the daily builds of a chain', () => {
  it('refuse a chain without days, naming its manifest', async () => {
    const manifest = { scenario: 'incremental-chain' as const, scale: 0, seed: 0, dirtyShare: 0, days: [] };
    await expect(buildChainDays({} as Project, {} as ChainWarehouse, { chainDir: '/chains/empty', manifest, landingDir: '/landing' })).rejects.toThrow(
      '/chains/empty/chain.json: the chain has no days',
    );
  });
});
