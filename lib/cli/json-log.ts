/**
 * `--log-format json`: every line the command would print becomes one JSON object a line, as dbt's
 * structured logs: `{"ts", "level", "msg"}`, and each node's start and finish an event of its own
 * with the node's id, type, status, seconds, rows and failures, for log shippers and CI annotations.
 */
import type { RunEvent } from '../runner/execute-plan.ts';
import type { CliIo } from './cli-io.ts';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** An io whose `out` and `err` lines are JSON events; blank spacer lines are dropped. */
export function jsonLogIo(io: CliIo, now: () => Date = () => new Date()): CliIo {
  const line = (level: 'info' | 'error', write: (text: string) => void) => (message: string) => {
    if (message.trim() === '') return;
    write(JSON.stringify({ ts: now().toISOString(), level, msg: message }));
  };
  return { out: line('info', io.out), err: line('error', io.err), color: false };
}

export function nodeEventLine(event: RunEvent, now: Date = new Date()): string {
  const bad = event.status === 'error' || event.status === 'fail';
  return JSON.stringify({
    ts: now.toISOString(),
    level: bad ? 'error' : event.status === 'warn' ? 'warn' : 'info',
    event: event.kind === 'start' ? 'node_start' : 'node_finished',
    index: event.index,
    total: event.total,
    node: { unique_id: event.node.id, resource_type: event.node.resourceType, name: event.node.name, relation_name: event.node.relation ?? null },
    ...(event.kind === 'finish'
      ? { status: event.status, execution_time: event.seconds ?? 0, rows: event.rows ?? null, failures: event.failures ?? null, message: event.message ?? null }
      : {}),
  });
}
