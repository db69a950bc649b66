/**
 * Which of a CRM system's declared source tables Amazon AppFlow can pull, and how: the object
 * (entity) each reads, the file stem its landed files carry (as `land --from` names an export file),
 * and the last-modified field an incremental flow filters on. The tables are the system's source in
 * sql/sources.yml; the stems are the export formats' (salesforce-format.ts, hubspot-format.ts).
 *
 * An incremental flow needs a last-modified field among the declared columns (AppFlow's
 * IncrementalPullConfig, https://docs.aws.amazon.com/appflow/1.0/APIReference/API_IncrementalPullConfig.html);
 * a table without one (HubSpot's dealstage property history, the engagements export, owners) is
 * reported as not flowable and keeps landing through `land --from`.
 */
import type { CrmSystem } from '../project/crm-system.ts';
import type { SourceTableSpec } from '../project/project.ts';
import { SYSTEM_FORMATS } from './system-formats.ts';

/** The version field each system's staging dedups on, in order of preference (README "Connect Salesforce/HubSpot"). */
const MODIFIED_FIELDS: Readonly<Record<CrmSystem, readonly string[]>> = {
  salesforce: ['SystemModstamp'],
  hubspot: ['hs_lastmodifieddate', 'lastmodifieddate'],
};

export interface AppFlowObject {
  /** The source table, the landing folder under raw/ (`salesforce_account`). */
  readonly table: string;
  /** The object AppFlow reads: Salesforce's API name (`Account`), HubSpot's object (`deals`). */
  readonly entity: string;
  /** The landed file's name stem (`Account`), as an export of the object is named. */
  readonly fileStem: string;
  /** The field the incremental pull filters on, spelled as the system spells it. */
  readonly modifiedField: string;
}

export interface NotFlowable {
  readonly table: string;
  readonly reason: string;
}

export interface AppFlowCatalog {
  readonly objects: readonly AppFlowObject[];
  readonly notFlowable: readonly NotFlowable[];
}

export function appFlowCatalog(system: CrmSystem, tables: readonly SourceTableSpec[]): AppFlowCatalog {
  const stems = new Map(Object.values(SYSTEM_FORMATS[system].objects).flat().map((object) => [object.table, object.fileStem]));
  const objects: AppFlowObject[] = [];
  const notFlowable: NotFlowable[] = [];
  for (const table of tables.filter((spec) => spec.sourceName === system)) {
    const objectName = table.tableName.slice(system.length + 1);
    const fileStem = stems.get(table.tableName) ?? objectName;
    const declared = new Set(table.columns.map((column) => column.name.toLowerCase()));
    const modifiedField = MODIFIED_FIELDS[system].find((field) => declared.has(field.toLowerCase()));
    if (modifiedField === undefined) {
      notFlowable.push({
        table: table.tableName,
        reason: `declares none of ${MODIFIED_FIELDS[system].join(', ')}, the last-modified field an incremental flow filters on`,
      });
      continue;
    }
    objects.push({ table: table.tableName, entity: system === 'salesforce' ? fileStem : objectName, fileStem, modifiedField });
  }
  return { objects, notFlowable };
}
