// The incremental chain == full refresh proof on Postgres, through PGlite (chain-harness.ts).
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { loadLanding } from '../../lib/engines/postgres/raw-loader.ts';
import { describeChainEquality } from './chain-equality.ts';

describeChainEquality({
  name: 'Postgres',
  async open() {
    const engine = await PgliteEngine.open();
    return { engine, load: (options) => loadLanding(engine, options), close: () => engine.close() };
  },
});
