/**
 * What a page says when it cannot show latest results: no warehouse yet (nothing has run), or a
 * warehouse that could not be read (with the reason).
 */
import { html, type SafeHtml } from '../html/html.ts';
import type { WarehouseHistory } from '../site/docs-context.ts';

export function warehouseNotice(warehouse: WarehouseHistory): SafeHtml {
  switch (warehouse.state) {
    case 'read':
      return html``;
    case 'absent':
      return html`<p class="notice">Not run yet: there is no warehouse at <code>${warehouse.location}</code>. Run <code>crm-warehouse build</code>, then <code>crm-warehouse docs</code> again, to see the latest results here.</p>`;
    case 'unreadable':
      return html`<p class="notice notice-warning">Latest results unavailable: the warehouse at <code>${warehouse.location}</code> could not be read (${warehouse.reason}).</p>`;
  }
}
