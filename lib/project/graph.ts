/**
 * The dependency graph of a project's nodes (models, and sources as roots). Edges point from a node
 * to what it reads. Used by the compiler for the build order and by selection for `+` operators.
 */
import { ProjectError } from './errors.ts';

export interface GraphNode {
  /** `model.crm.fact_deals`, `source.crm.accounts`. */
  readonly id: string;
  /** Ties in the topological order are broken by name, so a reader can predict the order. */
  readonly name: string;
  /** Project-relative file, named in cycle errors. */
  readonly path?: string;
  /** Ids of the nodes this node reads; every one must be a node of the graph. */
  readonly dependsOn: readonly string[];
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly parentIds = new Map<string, readonly string[]>();
  private readonly childIds = new Map<string, string[]>();

  constructor(nodes: readonly GraphNode[]) {
    for (const node of nodes) {
      if (this.nodes.has(node.id)) throw new Error(`graph node ${node.id} given twice`);
      this.nodes.set(node.id, node);
      this.childIds.set(node.id, []);
    }
    for (const node of nodes) {
      const parents = [...new Set(node.dependsOn)];
      for (const parent of parents) {
        // Callers resolve references before building the graph; an unknown id here is a bug, not user input.
        if (!this.nodes.has(parent)) throw new Error(`graph node ${node.id} depends on unknown node ${parent}`);
        this.childIds.get(parent)?.push(node.id);
      }
      this.parentIds.set(node.id, parents);
    }
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  ids(): string[] {
    return [...this.nodes.keys()];
  }

  parents(id: string): readonly string[] {
    return this.parentIds.get(id) ?? [];
  }

  children(id: string): readonly string[] {
    return this.childIds.get(id) ?? [];
  }

  /**
   * Every node after all of its dependencies, in generations: first the nodes that depend on
   * nothing, then those whose dependencies are all placed, and so on (so staging comes before the
   * dimensions built on it); by name (then id) within a generation. Throws a ProjectError naming
   * the cycle when there is one.
   */
  topologicalOrder(): string[] {
    const waitingOn = new Map<string, number>();
    for (const id of this.nodes.keys()) waitingOn.set(id, this.parents(id).length);
    let generation = [...this.nodes.keys()].filter((id) => waitingOn.get(id) === 0);
    const order: string[] = [];
    while (generation.length > 0) {
      const next: string[] = [];
      for (const id of generation.sort((a, b) => this.compareByName(a, b))) {
        order.push(id);
        for (const child of this.children(id)) {
          const remaining = (waitingOn.get(child) ?? 0) - 1;
          waitingOn.set(child, remaining);
          if (remaining === 0) next.push(child);
        }
      }
      generation = next;
    }
    if (order.length < this.nodes.size) {
      const placed = new Set(order);
      throw this.cycleError([...this.nodes.keys()].filter((id) => !placed.has(id)));
    }
    return order;
  }

  /** The ancestors of `ids` (not the nodes themselves), at most `depth` generations up when given. */
  upstream(ids: Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, (id) => this.parents(id), depth);
  }

  /** The descendants of `ids` (not the nodes themselves), at most `depth` generations down when given. */
  downstream(ids: Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, (id) => this.children(id), depth);
  }

  private walk(start: Iterable<string>, next: (id: string) => readonly string[], depth?: number): Set<string> {
    const found = new Set<string>();
    let frontier = [...start];
    const seen = new Set(frontier);
    for (let generation = 0; frontier.length > 0 && (depth === undefined || generation < depth); generation++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const neighbour of next(id)) {
          found.add(neighbour);
          if (!seen.has(neighbour)) {
            seen.add(neighbour);
            following.push(neighbour);
          }
        }
      }
      frontier = following;
    }
    return found;
  }

  private compareByName(a: string, b: string): number {
    const nameA = this.nodes.get(a)?.name ?? a;
    const nameB = this.nodes.get(b)?.name ?? b;
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Follows dependencies from the smallest unplaced node until one repeats: that loop is the cycle. */
  private cycleError(unplaced: string[]): ProjectError {
    const remaining = new Set(unplaced);
    unplaced.sort((a, b) => this.compareByName(a, b));
    const path: string[] = [];
    const position = new Map<string, number>();
    let current = unplaced[0] as string;
    while (!position.has(current)) {
      position.set(current, path.length);
      path.push(current);
      // Every unplaced node waits on at least one unplaced parent, so this never runs dry.
      const parents = this.parents(current).filter((parent) => remaining.has(parent));
      parents.sort((a, b) => this.compareByName(a, b));
      current = parents[0] as string;
    }
    const loop = path.slice(position.get(current));
    // Start the printed loop at its smallest node so the same cycle always reads the same way.
    const start = loop.indexOf([...loop].sort((a, b) => this.compareByName(a, b))[0] as string);
    const cycle = [...loop.slice(start), ...loop.slice(0, start)];
    const files = cycle.map((id) => this.nodes.get(id)?.path).filter((file): file is string => file !== undefined);
    const place = files[0] ?? (cycle[0] as string);
    const detail = `dependency cycle: ${[...cycle, cycle[0]].join(' -> ')}`;
    return new ProjectError(place, files.length > 0 ? `${detail} (files: ${files.join(', ')})` : detail);
  }
}
