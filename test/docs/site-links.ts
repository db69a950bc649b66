/**
 * Checks every relative link (href, src) of every HTML page of a written site: the file must
 * exist and, for `page#anchor`, the page must have an element with that id. External links
 * (http, mailto) are not followed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface BrokenLink {
  readonly page: string;
  readonly link: string;
  readonly problem: string;
}

export function htmlPages(root: string): string[] {
  const pages: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) pages.push(relative(root, path));
    }
  };
  walk(root);
  return pages.sort();
}

export function linksOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => (match[1] as string).replaceAll('&amp;', '&'));
}

export function brokenLinks(root: string, pages: readonly string[] = htmlPages(root)): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const page of pages) {
    const html = readFileSync(join(root, page), 'utf8');
    for (const link of linksOf(html)) {
      if (/^(https?:|mailto:)/.test(link)) continue;
      const [path = '', anchor] = link.split('#');
      const file = path === '' ? join(root, page) : join(root, dirname(page), decodeURIComponent(path));
      if (link === '' || !existsSync(file)) {
        broken.push({ page, link, problem: 'no such file' });
        continue;
      }
      if (anchor !== undefined && !readFileSync(file, 'utf8').includes(`id="${anchor}"`)) broken.push({ page, link, problem: `no element with id ${anchor}` });
    }
  }
  return broken;
}
