/**
 * The parts of the browser the page script uses, typed here instead of through TypeScript's DOM
 * library: the project type-checks as one Node program, and adding `lib: dom` to it changes the
 * meaning of global names (`HistoryEvent`, `Response`, ...) in Node code. The script runs in a
 * browser, so `globalThis` has all of these at run time.
 */
import type { DashboardData } from '../dashboard-model.ts';

export interface PageElement {
  innerHTML: string;
  textContent: string | null;
  className: string;
  value?: string;
  readonly dataset: Record<string, string | undefined>;
  readonly classList: { toggle(name: string, force?: boolean): boolean };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  addEventListener(type: string, listener: () => void): void;
  prepend(node: PageElement): void;
}

export interface PageDocument {
  readonly readyState: string;
  readonly body: PageElement;
  readonly documentElement: PageElement;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  createElement(tag: string): PageElement;
  addEventListener(type: string, listener: () => void): void;
}

export interface PageWindow {
  readonly document: PageDocument;
  readonly location: { hash: string };
  addEventListener(type: string, listener: () => void): void;
  /** Set by data/<exposure>.js (write-dashboards.ts, DATA_GLOBAL). */
  readonly CRM_DASHBOARD_DATA?: DashboardData;
  /** Set by assets/echarts.min.js. */
  readonly echarts: typeof import('echarts');
}

export const browserWindow = globalThis as unknown as PageWindow;
