// The incremental chain == full refresh proof on DuckDB, the local CLI engine (chain-harness.ts).
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../../lib/engines/duckdb/raw-loader.ts';
import { describeChainEquality } from './chain-equality.ts';

describeChainEquality({
  name: 'DuckDB',
  async open() {
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    return { engine, load: (options) => loadLanding(engine, options), close: () => engine.close() };
  },
});
