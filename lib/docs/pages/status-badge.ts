/**
 * The coloured labels for results: a test's latest status (pass, warn, fail, error, or not run)
 * and a model's latest build status. Colours live in the stylesheet, keyed by status.
 */
import { html, type SafeHtml } from '../html/html.ts';

const KNOWN_STATUSES = new Set(['pass', 'warn', 'fail', 'error', 'success', 'skipped']);

export function statusBadge(status: string | undefined): SafeHtml {
  if (status === undefined) return html`<span class="badge status-none">not run yet</span>`;
  const known = KNOWN_STATUSES.has(status) ? status : 'other';
  return html`<span class="badge status-${known}">${status}</span>`;
}
