/** The export formats `generate --format` writes, by system. */
import type { CrmSystem } from '../project/crm-system.ts';
import { HUBSPOT_FORMAT } from './hubspot-format.ts';
import { SALESFORCE_FORMAT } from './salesforce-format.ts';
import type { SystemFormat } from './system-format.ts';

export const SYSTEM_FORMATS: Readonly<Record<CrmSystem, SystemFormat>> = {
  salesforce: SALESFORCE_FORMAT,
  hubspot: HUBSPOT_FORMAT,
};
