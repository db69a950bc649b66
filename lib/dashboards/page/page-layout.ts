/**
 * The frame every dashboards page shares: head, the top bar with the navigation between the
 * dashboards and back to the docs site, and the footer. Pages live in target/docs/dashboards/, so
 * the docs site is one folder up.
 */
import { html, type SafeHtml } from '../../docs/html/html.ts';

export interface NavigationEntry {
  readonly exposure: string;
  readonly navLabel: string;
  readonly label: string;
}

export interface LayoutOptions {
  readonly title: string;
  /** The exposure of the page, highlighted in the navigation; none for the index. */
  readonly current?: string;
  readonly navigation: readonly NavigationEntry[];
  /** Scripts in execution order (deferred, so the page renders first), relative to the page. */
  readonly scripts: readonly string[];
  readonly body: SafeHtml;
}

export const STYLESHEET_PATH = 'assets/dashboards.css';

export function dashboardPageFile(exposure: string): string {
  return `${exposure}.html`;
}

export function pageLayout(options: LayoutOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · CRM Warehouse</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
${options.scripts.map((script) => html`<script src="${script}" defer></script>\n`)}</head>
<body${options.current ? html` data-exposure="${options.current}"` : ''}>
<header class="topbar">
  <a class="brand" href="index.html"><span class="brand-mark" aria-hidden="true"></span>CRM Warehouse <span class="brand-sub">Dashboards</span></a>
  <nav class="dashboard-nav" aria-label="Dashboards">
    ${options.navigation.map(
      (entry) =>
        html`<a href="${dashboardPageFile(entry.exposure)}" title="${entry.label}"${entry.exposure === options.current ? html` aria-current="page"` : ''}>${entry.navLabel}</a>`,
    )}
  </nav>
  <a class="docs-link" href="../index.html">Docs &amp; lineage</a>
</header>
${options.body}
<footer class="page-footer">Figures are read from the warehouse marts when the site is exported · crm-warehouse docs</footer>
</body>
</html>
`;
}
