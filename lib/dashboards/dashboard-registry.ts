/** The dashboards, in the order of the navigation bar: one per exposure in sql/exposures.yml. */
import type { DashboardDefinition } from './dashboard-definition.ts';
import { accountHealthDashboard } from './dashboards/account-health-dashboard.ts';
import { customer360Dashboard } from './dashboards/customer-360-dashboard.ts';
import { customerCohortsDashboard } from './dashboards/customer-cohorts-dashboard.ts';
import { customerSupportDashboard } from './dashboards/customer-support-dashboard.ts';
import { productPerformanceDashboard } from './dashboards/product-performance-dashboard.ts';
import { revenueDashboard } from './dashboards/revenue-dashboard.ts';
import { salesActivityDashboard } from './dashboards/sales-activity-dashboard.ts';
import { salesForecastDashboard } from './dashboards/sales-forecast-dashboard.ts';
import { salesPipelineDashboard } from './dashboards/sales-pipeline-dashboard.ts';

export const DASHBOARDS: readonly DashboardDefinition[] = [
  salesPipelineDashboard,
  salesActivityDashboard,
  customerSupportDashboard,
  revenueDashboard,
  customerCohortsDashboard,
  accountHealthDashboard,
  productPerformanceDashboard,
  salesForecastDashboard,
  customer360Dashboard,
];
