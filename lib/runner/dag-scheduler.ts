/**
 * Runs the nodes of a dependency graph with a bounded number in flight. A node starts only
 * once every upstream node has settled; if one of them did not succeed, the node is handed
 * to `skip` instead of `run`, naming the node whose failure started the chain, so a skipped
 * model three levels down still says which upstream model broke.
 */

export interface ScheduledNode {
  readonly id: string;
  /** Ids of nodes that must succeed first: nodes of this graph or of `settled`. */
  readonly upstream: readonly string[];
}

export type NodeOutcome = { readonly ok: true } | { readonly ok: false; readonly failedRoot: string };

export interface SchedulerHandlers<N extends ScheduledNode> {
  /** Resolves true when the node succeeded (its downstream may run). */
  run(node: N): Promise<boolean>;
  skip(node: N, failedRoot: string): Promise<void>;
}

/**
 * Resolves with every node's outcome, including those in `settled` (outcomes of an earlier
 * phase that nodes here may depend on). Nodes are started in list order whenever a slot is
 * free, so callers control priority by ordering. A handler that throws stops new starts;
 * the first error is rethrown once the nodes in flight have finished.
 */
export async function runInDependencyOrder<N extends ScheduledNode>(
  nodes: readonly N[],
  concurrency: number,
  handlers: SchedulerHandlers<N>,
  settled: ReadonlyMap<string, NodeOutcome> = new Map(),
): Promise<Map<string, NodeOutcome>> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }
  checkUpstreamKnown(nodes, settled);
  const outcomes = new Map(settled);
  const pending = [...nodes];
  let inFlight = 0;
  let firstError: { error: unknown } | undefined;

  return new Promise((resolve, reject) => {
    const finish = (node: N, outcome: NodeOutcome): void => {
      outcomes.set(node.id, outcome);
      inFlight -= 1;
      pump();
    };
    const fail = (error: unknown): void => {
      firstError ??= { error };
      inFlight -= 1;
      pump();
    };
    const pump = (): void => {
      if (firstError) {
        if (inFlight === 0) reject(firstError.error);
        return;
      }
      for (let position = 0; position < pending.length && inFlight < concurrency; ) {
        const node = pending[position] as N;
        if (!node.upstream.every((id) => outcomes.has(id))) {
          position += 1;
          continue;
        }
        pending.splice(position, 1);
        inFlight += 1;
        const failedRoot = firstFailedRoot(node, outcomes);
        if (failedRoot === undefined) {
          // Started from a resolved promise so a handler that throws synchronously is reported like a rejection.
          Promise.resolve().then(() => handlers.run(node)).then(
            (ok) => finish(node, ok ? { ok: true } : { ok: false, failedRoot: node.id }),
            fail,
          );
        } else {
          Promise.resolve()
            .then(() => handlers.skip(node, failedRoot))
            .then(() => finish(node, { ok: false, failedRoot }), fail);
        }
      }
      if (inFlight > 0) return;
      if (pending.length === 0) resolve(outcomes);
      else reject(new Error(`dependency cycle among ${pending.map((node) => node.id).join(', ')}`));
    };
    pump();
  });
}

function checkUpstreamKnown(nodes: readonly ScheduledNode[], settled: ReadonlyMap<string, NodeOutcome>): void {
  const known = new Set([...settled.keys(), ...nodes.map((node) => node.id)]);
  const unknown = nodes.flatMap((node) =>
    node.upstream.filter((id) => !known.has(id)).map((id) => `${node.id} → ${id}`),
  );
  if (unknown.length > 0) throw new Error(`unknown upstream nodes: ${unknown.join(', ')}`);
}

function firstFailedRoot(node: ScheduledNode, outcomes: ReadonlyMap<string, NodeOutcome>): string | undefined {
  for (const id of node.upstream) {
    const outcome = outcomes.get(id);
    if (outcome && !outcome.ok) return outcome.failedRoot;
  }
  return undefined;
}
