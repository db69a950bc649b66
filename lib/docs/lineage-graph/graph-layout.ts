/**
 * A layered left-to-right layout for the lineage graph: one column per band (sources, each layer
 * of the plan in build order, exposures), nodes in a column ordered to keep edges short and
 * crossings few (the barycenter heuristic: a few sweeps that sort each column by the mean position
 * of its neighbours in the columns already placed), groups within a column kept together. Bands
 * with no node are left out, so a page's focused graph has no empty columns.
 */

export interface LayoutNode {
  readonly id: string;
  /** Column order: lower bands are further left. */
  readonly band: number;
  /** Order of blocks within a column, each block kept together. */
  readonly group: number;
}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
}

export interface Geometry {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  /** Vertical space between nodes. */
  readonly rowGap: number;
  /** Extra space between two groups of one column. */
  readonly groupGap: number;
  /** Horizontal space between columns (edges run there). */
  readonly columnGap: number;
  /** Around the drawing, and above it for the column titles. */
  readonly margin: number;
  readonly headerHeight: number;
}

export const DEFAULT_GEOMETRY: Geometry = {
  nodeWidth: 220,
  nodeHeight: 34,
  rowGap: 10,
  groupGap: 22,
  columnGap: 110,
  margin: 16,
  headerHeight: 34,
};

export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly column: number;
}

export interface PlacedColumn {
  readonly band: number;
  /** Left edge of the column's nodes. */
  readonly x: number;
}

export interface GraphLayout {
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly columns: readonly PlacedColumn[];
  readonly width: number;
  readonly height: number;
  readonly geometry: Geometry;
}

const SWEEPS = 4;

export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], geometry: Geometry = DEFAULT_GEOMETRY): GraphLayout {
  const bands = [...new Set(nodes.map((node) => node.band))].sort((left, right) => left - right);
  const columnOf = new Map(nodes.map((node) => [node.id, bands.indexOf(node.band)]));
  const columns: LayoutNode[][] = bands.map((band) => nodes.filter((node) => node.band === band));
  const neighbours = neighbourLists(nodes, edges);

  for (let sweep = 0; sweep < SWEEPS; sweep += 1) {
    const leftToRight = sweep % 2 === 0;
    const order = leftToRight ? columns.keys() : [...columns.keys()].reverse();
    for (const index of order) {
      const positions = relativePositions(columns);
      const column = columns[index] as LayoutNode[];
      const towards = (other: number): boolean => (leftToRight ? other < index : other > index);
      const keyed = column.map((node, position) => {
        const placed = (neighbours.get(node.id) ?? []).filter((id) => towards(columnOf.get(id) ?? index));
        const centre = placed.length === 0 ? (positions.get(node.id) as number) : mean(placed.map((id) => positions.get(id) as number));
        return { node, centre, position };
      });
      keyed.sort((left, right) => left.node.group - right.node.group || left.centre - right.centre || left.position - right.position);
      columns[index] = keyed.map((entry) => entry.node);
    }
  }

  const columnHeights = columns.map((column) => columnHeight(column, geometry));
  const drawingHeight = Math.max(0, ...columnHeights);
  const placed = new Map<string, PlacedNode>();
  const placedColumns: PlacedColumn[] = [];
  columns.forEach((column, index) => {
    const x = geometry.margin + index * (geometry.nodeWidth + geometry.columnGap);
    placedColumns.push({ band: bands[index] as number, x });
    let y = geometry.margin + geometry.headerHeight + (drawingHeight - (columnHeights[index] as number)) / 2;
    column.forEach((node, position) => {
      const previous = column[position - 1];
      if (previous !== undefined) y += geometry.rowGap + (previous.group === node.group ? 0 : geometry.groupGap);
      placed.set(node.id, { id: node.id, x, y, column: index });
      y += geometry.nodeHeight;
    });
  });
  const width = geometry.margin * 2 + Math.max(0, columns.length * geometry.nodeWidth + (columns.length - 1) * geometry.columnGap);
  const height = geometry.margin * 2 + geometry.headerHeight + drawingHeight;
  return { nodes: placed, columns: placedColumns, width, height, geometry };
}

function neighbourLists(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, string[]> {
  const known = new Set(nodes.map((node) => node.id));
  const lists = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  for (const edge of edges) {
    if (!known.has(edge.from) || !known.has(edge.to)) continue;
    lists.get(edge.from)?.push(edge.to);
    lists.get(edge.to)?.push(edge.from);
  }
  return lists;
}

/** Each node's place in its column as a fraction of the column, so columns of different sizes compare. */
function relativePositions(columns: readonly (readonly LayoutNode[])[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const column of columns) column.forEach((node, index) => positions.set(node.id, (index + 0.5) / column.length));
  return positions;
}

function columnHeight(column: readonly LayoutNode[], geometry: Geometry): number {
  if (column.length === 0) return 0;
  const groups = new Set(column.map((node) => node.group)).size;
  return column.length * geometry.nodeHeight + (column.length - 1) * geometry.rowGap + (groups - 1) * geometry.groupGap;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
