/**
 * Synthesizes the CDK app the way `cdk synth` does (cdk.json's context and feature flags), but
 * without esbuild bundling, which the template assertions do not need. Synthesis takes a while,
 * so each test file synthesizes once, in beforeAll, and shares the result.
 */
import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { createCrmWarehouseApp, type CrmWarehouseApp } from '../../lib/infra/crm-warehouse-app.ts';
import { pipelineSteps } from '../../lib/pipeline/pipeline-contract.ts';
import { loadProject } from '../../lib/project/load-project.ts';

/** The pipeline's steps for the repository's project: the fixed ones and one per layer of sql/project.yml. */
export async function repositorySteps(): Promise<string[]> {
  const project = await loadProject(new URL('../../', import.meta.url).pathname);
  return pipelineSteps(project.config.layers.map((layer) => layer.name));
}

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthesizedApp extends CrmWarehouseApp {
  readonly template: Template;
}

export async function synthesizeApp(contextOverrides: Record<string, unknown> = {}): Promise<SynthesizedApp> {
  const built = await createCrmWarehouseApp({ context: { ...cdkJsonContext(), ...contextOverrides }, bundling: false, nag: false });
  return { ...built, template: Template.fromStack(built.stack) };
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Resolves the Fn::Join / Ref / Fn::GetAtt tokens in a value to readable strings (pseudo parameters as in eu-west-1, other references as `<Ref:Id>` and `<GetAtt:Id.Attribute>`; with `functionArns`, Lambda functions' ARNs as ARNs). */
export function flatten(value: unknown, options: { readonly functionArns?: boolean } = {}): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((part) => flatten(part, options)).join('');
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if ('Fn::Join' in record) {
      const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => flatten(part, options)).join(separator);
    }
    if ('Ref' in record) return PSEUDO_PARAMETERS[String(record.Ref)] ?? `<Ref:${String(record.Ref)}>`;
    if ('Fn::GetAtt' in record) {
      const [id, attribute] = record['Fn::GetAtt'] as [string, string];
      // The ASL validator checks ARNs' shape, so there a function's ARN can read like one.
      return options.functionArns === true && attribute === 'Arn' && id.endsWith('FunctionArn') === false && /Function[0-9A-F]{8}$/.test(id)
        ? `arn:aws:lambda:eu-west-1:123456789012:function:${id}`
        : `<GetAtt:${id}.${attribute}>`;
    }
    return JSON.stringify(value);
  }
  return '';
}
