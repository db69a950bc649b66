/**
 * Which state machine the ops CLI talks to, in order: `--state-machine-arn`, the
 * CRM_WAREHOUSE_STATE_MACHINE_ARN variable, or the stack outputs file that
 * `npx cdk deploy --outputs-file cdk-outputs.json` writes (`--outputs-file`, default
 * `cdk-outputs.json`). Reading a file rather than calling CloudFormation keeps the CLI usable
 * (and testable) offline up to the point where it starts a run.
 */
import { readFile } from 'node:fs/promises';
import { STACK_NAME, STACK_OUTPUTS } from '../infra/stack-outputs.ts';

export const STATE_MACHINE_ARN_VARIABLE = 'CRM_WAREHOUSE_STATE_MACHINE_ARN';
export const DEFAULT_OUTPUTS_FILE = 'cdk-outputs.json';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

export interface TargetOptions {
  readonly stateMachineArn?: string;
  readonly outputsFile?: string;
  readonly stackName?: string;
}

export async function resolveStateMachineArn(options: TargetOptions, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const given = options.stateMachineArn ?? env[STATE_MACHINE_ARN_VARIABLE];
  const arn = given ?? (await fromOutputsFile(options.outputsFile ?? DEFAULT_OUTPUTS_FILE, options.stackName ?? STACK_NAME, options.outputsFile !== undefined));
  if (!STATE_MACHINE_ARN.test(arn)) throw new TargetError(`'${arn}' is not a Step Functions state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`);
  return arn;
}

async function fromOutputsFile(file: string, stackName: string, named: boolean): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new TargetError(
      `${named ? `cannot read ${file}` : `no state machine given`}: pass --state-machine-arn, set ${STATE_MACHINE_ARN_VARIABLE}, ` +
        `or deploy with 'npx cdk deploy --outputs-file ${DEFAULT_OUTPUTS_FILE}' and run from that folder`,
    );
  }
  let outputs: unknown;
  try {
    outputs = JSON.parse(text);
  } catch (error) {
    throw new TargetError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stack = (outputs as Record<string, Record<string, unknown> | undefined>)[stackName];
  const arn = stack?.[STACK_OUTPUTS.stateMachineArn];
  if (typeof arn !== 'string') throw new TargetError(`${file} has no ${stackName}.${STACK_OUTPUTS.stateMachineArn} output`);
  return arn;
}
