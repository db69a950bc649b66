/**
 * The plan's models as a DependencyGraph (lib/project/graph.ts), for the mutation checks' questions:
 * which models a mutant changes (the mutated ones and everything downstream) and what a build of
 * some models must also build (everything upstream).
 */
import type { Plan } from '../plan/plan.ts';
import { DependencyGraph } from '../project/graph.ts';

export class ModelGraph {
  private readonly graph: DependencyGraph;

  constructor(plan: Plan) {
    this.graph = new DependencyGraph(plan.models.map((model) => ({ id: model.id, name: model.name, dependsOn: model.dependsOn.models })));
  }

  /** `ids` and every model that reads one of them, directly or not. */
  withDownstream(ids: Iterable<string>): Set<string> {
    const start = new Set(ids);
    return new Set([...start, ...this.graph.downstream(start)]);
  }

  /** `ids` and every model one of them reads, directly or not. */
  withUpstream(ids: Iterable<string>): Set<string> {
    const start = new Set(ids);
    return new Set([...start, ...this.graph.upstream(start)]);
  }
}
