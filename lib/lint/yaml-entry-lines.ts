/**
 * Lines of YAML entries, for generic tests: their SQL is generated, so the place to point at is the
 * test's entry in `schema.yml` or `sources.yml`, which the plan names by YAML path
 * (`models[2].columns[0].tests[1]`).
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

export class YamlEntryLines {
  private readonly lineCounter = new LineCounter();
  private readonly document: Document;

  constructor(text: string) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, merge: true });
  }

  /** 1-based line where the entry at `yamlPath` starts; undefined when the path is not in the file. */
  lineOf(yamlPath: string): number | undefined {
    const segments = parseYamlPath(yamlPath);
    if (segments === undefined) return undefined;
    const node: unknown = this.document.getIn(segments, true);
    if (!isNode(node) || node.range === undefined || node.range === null) return undefined;
    return this.lineCounter.linePos(node.range[0]).line;
  }
}

/** `models[2].columns[0]` → ['models', 2, 'columns', 0]; undefined when it is not that form. */
function parseYamlPath(yamlPath: string): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\./gy;
  for (let match = pattern.exec(yamlPath); match !== null; match = pattern.exec(yamlPath)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    if (pattern.lastIndex === yamlPath.length) return segments;
  }
  return yamlPath === '' ? [] : undefined;
}
