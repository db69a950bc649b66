/**
 * Builds the CDK app: reads the configuration from context, loads the SQL project and compiles
 * it for Redshift once, so a project error stops `cdk synth` (with every problem listed) instead
 * of failing the first run in AWS. bin/app.ts and the infra tests both start here.
 */
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Plan } from '../plan/plan.ts';
import { compileProject } from '../project/compile.ts';
import { loadProject } from '../project/load-project.ts';
import { configFromContext } from './crm-warehouse-config.ts';
import { CrmWarehouseStack } from './crm-warehouse-stack.ts';
import { STACK_NAME } from './stack-outputs.ts';

export { STACK_NAME };

export interface CrmWarehouseAppOptions {
  /** Context values, as `cdk.json` or `-c` would give them. @default - read from cdk.json by the CDK CLI */
  readonly context?: Record<string, unknown>;
  /** Folder holding `sql/`. @default - this repository */
  readonly projectRoot?: string;
  /** Register cdk-nag's AwsSolutions checks, which then fail synthesis on any unacknowledged finding. @default true */
  readonly nag?: boolean;
  /** Bundle the Lambdas with esbuild. Tests that only inspect templates skip it for speed. @default true */
  readonly bundling?: boolean;
}

export interface CrmWarehouseApp {
  readonly app: App;
  readonly stack: CrmWarehouseStack;
  /** The plan compiled at synth (target redshift, project vars), the proof the project compiles. */
  readonly plan: Plan;
}

export async function createCrmWarehouseApp(options: CrmWarehouseAppOptions = {}): Promise<CrmWarehouseApp> {
  const context: Record<string, unknown> = { ...options.context };
  // An empty list makes NodejsFunction skip bundling in every stack.
  if (options.bundling === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context });
  const config = configFromContext(app.node);
  const project = await loadProject(options.projectRoot ?? fileURLToPath(new URL('../../', import.meta.url)));
  const plan = compileProject(project, { target: 'redshift' });
  const stack = new CrmWarehouseStack(app, STACK_NAME, {
    description: 'crm-warehouse: S3 landing, Redshift Serverless, the daily Step Functions pipeline, dashboard and alarms',
    config,
    project,
    layers: plan.layers,
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, plan };
}
