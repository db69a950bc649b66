/**
 * dbt-style console output for a run: one line as each node starts and finishes, then a
 * summary with the slowest models, every error and warning with its message, and the
 * PASS/WARN/ERROR/SKIP tally. Lines go to a writer function, so the CLI decides where they go
 * and tests read them as plain strings.
 */
import type { NodeStatus } from '../publish/audit-records.ts';
import type { EventNode, RunEvent } from './run-events.ts';
import type { NodeResult, RunResult } from './run-result.ts';

export interface ConsoleReporterOptions {
  /** Receives one line at a time, without a trailing newline. */
  readonly write: (line: string) => void;
  /** ANSI colours; the CLI passes `process.stdout.isTTY`. @default false */
  readonly color?: boolean;
  /** Width that the dots fill a line up to, before the status in brackets. @default 80 */
  readonly width?: number;
}

type Tone = 'good' | 'warning' | 'bad';

const ANSI: Record<Tone, string> = { good: '\u001b[32m', warning: '\u001b[33m', bad: '\u001b[31m' };
const ANSI_RESET = '\u001b[0m';

const toneOfStatus: Record<NodeStatus, Tone> = {
  success: 'good',
  pass: 'good',
  warn: 'warning',
  skipped: 'warning',
  fail: 'bad',
  error: 'bad',
};

const MINIMUM_DOTS = 3;

export class ConsoleReporter {
  private readonly write: (line: string) => void;
  private readonly color: boolean;
  private readonly width: number;

  constructor(options: ConsoleReporterOptions) {
    this.write = options.write;
    this.color = options.color ?? false;
    this.width = options.width ?? 80;
  }

  /** Pass as `RunOptions.onEvent` (bound: `(event) => reporter.onEvent(event)`). */
  onEvent(event: RunEvent): void {
    // Hundreds of tests take milliseconds each: their finish line says all, a START line would only double the output.
    if (event.kind === 'start' && event.node.resourceType !== 'model') return;
    this.write(this.eventLine(event));
  }

  summary(result: RunResult): void {
    this.write('');
    this.write(`Finished running ${describeNodes(result.results)} in ${seconds(result.elapsedSeconds)}.`);
    if (result.slowest.length > 0) {
      this.write('Slowest models:');
      const nameWidth = Math.max(...result.slowest.map((model) => model.relation.length));
      for (const model of result.slowest) this.write(`  ${model.relation.padEnd(nameWidth)}  ${seconds(model.seconds)}`);
    }
    if (result.warnings.length > 0) {
      this.write(this.paint('warning', 'Warnings:'));
      for (const warning of result.warnings) this.write(`  ${warning}`);
    }
    this.write('');
    const problems = result.results.filter((node) => ['error', 'fail', 'warn'].includes(node.status));
    const errors = result.counts.error;
    const warnings = result.counts.warn;
    if (problems.length === 0) {
      this.write(this.paint('good', 'Completed successfully'));
    } else {
      const tally = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''];
      this.write(this.paint(errors > 0 ? 'bad' : 'warning', `Completed with ${tally.filter(Boolean).join(' and ')}:`));
      for (const node of problems) {
        this.write('');
        this.write(`${this.paint(toneOfStatus[node.status], problemHeading(node))}`);
        for (const line of (node.message ?? '').split('\n')) this.write(`  ${line}`);
      }
    }
    this.write('');
    const { pass, warn, error, skip, total } = result.counts;
    this.write(`Done. PASS=${pass} WARN=${warn} ERROR=${error} SKIP=${skip} TOTAL=${total}`);
  }

  private eventLine(event: RunEvent): string {
    const position = `${event.index} of ${event.total}`;
    const { node } = event;
    if (event.kind === 'start') return this.dotted(position, 'START', undefined, describeNode(node), 'RUN');
    const status = event.status ?? 'error';
    const tone = toneOfStatus[status];
    const took = ` in ${seconds(event.seconds ?? 0)}`;
    if (status === 'skipped') {
      const what = node.resourceType === 'model' ? `relation ${node.relation ?? node.name}` : describeNode(node);
      return `${position} ${this.paint(tone, 'SKIP')} ${what} (${event.message ?? 'upstream failed'})`;
    }
    if (node.resourceType === 'model') {
      if (status === 'success') {
        const rows = event.rows === null || event.rows === undefined ? '' : ` ${event.rows.toLocaleString('en-US')} rows`;
        // An incremental model's message says whether it was built as an increment, and why not.
        const how = event.message === undefined ? '' : ` (${event.message})`;
        return this.dotted(position, 'OK', tone, `${isSeed(node) ? 'loaded' : 'created'} ${describeNode(node)}${how}`, `OK${rows}${took}`);
      }
      return this.dotted(position, 'ERROR', tone, `${isSeed(node) ? 'loading' : 'creating'} ${describeNode(node)}`, `ERROR${took}`);
    }
    const word = status.toUpperCase();
    const counted = status === 'warn' || status === 'fail' ? `${word} ${event.failures ?? 0}` : word;
    // dbt's own form: a data test by its name, a unit test marked as one.
    const label = node.resourceType === 'unit_test' ? describeNode(node) : node.name;
    return this.dotted(position, counted, tone, label, `${counted}${took}`);
  }

  /** `<position> <word> <text> ..... [<bracket>]`, dots up to the width; word and bracket coloured in `tone`. */
  private dotted(position: string, word: string, tone: Tone | undefined, text: string, bracket: string): string {
    const visible = `${position} ${word} ${text}`;
    const dots = '.'.repeat(Math.max(MINIMUM_DOTS, this.width - visible.length - 1));
    const paint = (part: string): string => (tone ? this.paint(tone, part) : part);
    return `${position} ${paint(word)} ${text} ${dots} [${paint(bracket)}]`;
  }

  private paint(tone: Tone, text: string): string {
    return this.color ? `${ANSI[tone]}${text}${ANSI_RESET}` : text;
  }
}

/** A seed runs as a model whose rows its post_hook inserts; as in dbt, its unique id says what it is (`seed.crm.<name>`). */
function isSeed(node: EventNode): boolean {
  return node.resourceType === 'model' && node.id.startsWith('seed.');
}

function describeNode(node: EventNode): string {
  if (node.resourceType === 'test') return `test ${node.name}`;
  if (node.resourceType === 'unit_test') return `unit_test ${node.name}`;
  if (isSeed(node)) return `seed file ${node.relation ?? node.name}`;
  return `${node.materialized ?? 'table'} model ${node.relation ?? node.name}`;
}

function problemHeading(node: NodeResult): string {
  if (node.resourceType === 'model') return `ERROR ${isSeed(node) ? 'loading' : 'creating'} ${describeNode(node)}`;
  const word = node.status.toUpperCase();
  return node.status === 'error' ? `${word} ${describeNode(node)}` : `${word} ${node.failures ?? 0} ${describeNode(node)}`;
}

/** "3 table models, 1 view model, 12 tests": what the run covered, by kind. */
function describeNodes(results: readonly NodeResult[]): string {
  const counts = new Map<string, number>();
  for (const node of results) {
    const kind = isSeed(node) ? 'seed' : node.resourceType === 'model' ? `${node.materialized ?? 'table'} model` : node.resourceType === 'unit_test' ? 'unit test' : 'test';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (counts.size === 0) return 'nothing';
  return [...counts].map(([kind, count]) => plural(count, kind)).join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function seconds(value: number): string {
  return `${value.toFixed(2)}s`;
}
