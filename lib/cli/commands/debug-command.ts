import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { packageVersion } from '../package-version.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';

export interface DebugCommandOptions extends PathOptions, RedshiftOptions {
  readonly target: CliTarget;
  readonly vars?: string;
}

interface Check {
  readonly name: string;
  readonly run: () => Promise<string>;
}

/** Like `dbt debug`: versions, paths, whether the project compiles and whether the warehouse answers. */
export async function debugCommand(options: DebugCommandOptions, io: CliIo): Promise<number> {
  const paths = resolvePaths(options);
  io.out(`crm-warehouse ${packageVersion()} on Node.js ${process.version} (${process.platform}-${process.arch})`);
  io.out(`project dir:   ${paths.projectDir}`);
  io.out(`landing dir:   ${paths.landing}`);
  io.out(`target dir:    ${paths.targetDir}`);
  io.out(`target:        ${options.target}`);
  io.out(`database:      ${paths.database}`);
  io.out('');

  const checks: Check[] = [
    {
      name: 'project',
      run: async () => {
        const { plan } = await compileAt(paths, options.target, parseVars(options.vars));
        return `sql/ compiles: ${plan.models.length} models, ${plan.tests.length} tests, ${plan.sources.length} sources`;
      },
    },
    {
      name: 'landing',
      run: async () => {
        if (paths.landing.startsWith('s3://')) return `${paths.landing} (S3; listed when a load starts)`;
        const raw = join(paths.landing, 'raw');
        if (!existsSync(raw)) throw new Error(`no ${raw}; run 'crm-warehouse generate' or land files there`);
        const tables = await readdir(raw);
        return `${tables.length} raw table folders`;
      },
    },
    {
      name: 'connection',
      run: async () => {
        const existed = existsSync(paths.database);
        const warehouse = await openWarehouse({ ...options, paths }, io);
        try {
          const [row] = await warehouse.engine.query('select version() as version');
          if (options.target !== 'duckdb') return `${warehouse.location} answers: ${String(row?.version)}`;
          const size = existed ? `${(statSync(paths.database).size / 1e6).toFixed(1)} MB` : 'new, empty';
          return `DuckDB ${String(row?.version)} answers (${size})`;
        } finally {
          await warehouse.engine.close();
        }
      },
    },
  ];

  let failed = 0;
  for (const check of checks) {
    try {
      io.out(`  ${check.name.padEnd(11)} OK     ${await check.run()}`);
    } catch (error) {
      failed += 1;
      io.out(`  ${check.name.padEnd(11)} ERROR  ${(error as Error).message.split('\n').join('\n' + ' '.repeat(22))}`);
    }
  }
  io.out('');
  io.out(failed === 0 ? 'All checks passed!' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return failed === 0 ? 0 : 1;
}
