import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../lib/runner/console-reporter.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, openTestEngine, planModel, rowTest, selectAll } from './plan-builder.ts';

describe('console output of a real run', () => {
  it('prints one line per start and finish, then the summary', async () => {
    const engine = await openTestEngine(1);
    const plan = makePlan(
      [
        planModel('broken', { sql: 'select * from nowhere' }),
        planModel('after_broken', { sql: 'select * from analytics.broken', upstream: ['broken'] }),
        planModel('fine', { sql: 'select 1 as id' }),
      ],
      [rowTest('warn_fine', { on: 'fine', failingWhere: 'id = 1', severity: 'warn' })],
    );
    const lines: string[] = [];
    const reporter = new ConsoleReporter({ write: (line) => lines.push(line) });

    try {
      const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan), onEvent: (event) => reporter.onEvent(event) });
      reporter.summary(result);
    } finally {
      await engine.close();
    }

    const progress = lines.slice(0, lines.indexOf(''));
    expect(progress.map((line) => line.replace(/ \.+ \[.*\]$/, ''))).toEqual([
      '1 of 4 START table model analytics.broken',
      '1 of 4 ERROR creating table model analytics.broken',
      '2 of 4 SKIP relation analytics.after_broken (upstream analytics.broken failed)',
      '3 of 4 START table model analytics.fine',
      '3 of 4 OK created table model analytics.fine',
      '4 of 4 WARN 1 warn_fine',
    ]);
    expect(lines).toContain('ERROR creating table model analytics.broken');
    expect(lines.at(-1)).toBe('Done. PASS=1 WARN=1 ERROR=1 SKIP=1 TOTAL=4');
  });
});
