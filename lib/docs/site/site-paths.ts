/**
 * Where each page of the docs site lives, relative to the site root (target/docs/), and how one
 * page links to another. Every link is relative, so the site works from file:// and from any
 * server path. The dashboards (lib/dashboards) live in dashboards/<exposure name>.html by agreement.
 */
import { posix } from 'node:path';

/** Characters outside this set never reach a file name: a node name from an odd file stays a single safe path segment. */
function fileSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
}

export const INDEX_PAGE = 'index.html';
export const LINEAGE_JSON = 'lineage.json';
export const STYLESHEET = 'assets/site.css';
export const SITE_SCRIPT = 'assets/site.js';
export const GRAPH_SCRIPT = 'assets/lineage-graph.js';
export const CATALOG_SCRIPT = 'assets/catalog.js';
export const DASHBOARDS_INDEX = 'dashboards/index.html';

export function modelPage(name: string): string {
  return `models/${fileSegment(name)}.html`;
}

export function sourcePage(sourceName: string, tableName: string): string {
  return `sources/${fileSegment(`${sourceName}.${tableName}`)}.html`;
}

export function exposurePage(name: string): string {
  return `exposures/${fileSegment(name)}.html`;
}

export function dashboardPage(exposureName: string): string {
  return `dashboards/${fileSegment(exposureName)}.html`;
}

/** The id of a column's row on its model or source page. */
export function columnAnchor(column: string): string {
  return `column-${fileSegment(column)}`;
}

/** A link from one page to another (both site-relative), optionally to an anchor on it. */
export function linkFrom(fromPage: string, toPage: string, anchor?: string): string {
  const relative = posix.relative(posix.dirname(fromPage), toPage);
  return anchor === undefined ? relative : `${relative}#${anchor}`;
}

/** `../` repeated to climb from a page to the site root ('' at the root). */
export function rootFrom(page: string): string {
  const depth = posix.dirname(page) === '.' ? 0 : posix.dirname(page).split('/').length;
  return '../'.repeat(depth);
}
