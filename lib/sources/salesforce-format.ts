/**
 * The generated CRM as Salesforce exports it (Data Export / Bulk API 2.0: one CSV per object, API
 * field names as headers, ISO 8601 UTC times), and what of it Salesforce carries back through
 * sql/staging/salesforce/. Salesforce object reference:
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/
 *
 * Not carried (emptied or coarsened by `carried`): a closed deal's close time and planned close date (CloseDate becomes the close date), a
 * product's unit cost and stock, a ticket's first response (entitlement milestones) and the
 * resolution of a ticket not closed, an order's discount, shipping and delivery times and the time of
 * day it was placed (EffectiveDate), a task's due time (ActivityDate), notes as activities (a
 * Salesforce note is not an activity: it comes back a task), and an event's status (an event is
 * done once it has ended by the run date).
 */
import { capitalized, dateOf, endedBy, midnightOf, type GenericRow, type SystemFormat, type SystemObject } from './system-format.ts';

const STAGE_NAMES: Readonly<Record<string, string>> = {
  prospecting: 'Prospecting',
  qualification: 'Qualification',
  proposal: 'Proposal/Price Quote',
  negotiation: 'Negotiation/Review',
  closed_won: 'Closed Won',
  closed_lost: 'Closed Lost',
};

const ACCOUNT_TYPES: Readonly<Record<string, string>> = {
  customer: 'Customer - Direct',
  partner: 'Technology Partner',
  reseller: 'Channel Partner / Reseller',
};

/** Contract order statuses whose Salesforce status category is Draft or Activated. */
const ORDER_STATUSES: Readonly<Record<string, string>> = { pending: 'Draft', processing: 'Activated' };

const TASK_SUBTYPES: Readonly<Record<string, string>> = { call: 'Call', email: 'Email' };

const field = (row: GenericRow, name: string): string => row[name] ?? '';
const isClosedStage = (stage: string): boolean => stage === 'closed_won' || stage === 'closed_lost';
const isClosedTicket = (status: string): boolean => status === 'solved' || status === 'closed';
/** A closed opportunity's CloseDate is the day it closed. */
const closeDateOf = (row: GenericRow): string =>
  isClosedStage(field(row, 'stage')) && field(row, 'closed_at') !== '' ? dateOf(field(row, 'closed_at')) : field(row, 'expected_close_date');

function object(table: string, fileStem: string, header: readonly string[], recordsOf: SystemObject['recordsOf']): SystemObject {
  return { table: `salesforce_${table}`, fileStem, header, recordsOf };
}

const TASK = ['Id', 'Subject', 'WhoId', 'WhatId', 'AccountId', 'OwnerId', 'Status', 'TaskSubtype', 'ActivityDate', 'CompletedDateTime', 'CallDurationInSeconds', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'];
const EVENT = ['Id', 'Subject', 'WhoId', 'WhatId', 'AccountId', 'OwnerId', 'StartDateTime', 'EndDateTime', 'DurationInMinutes', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'];

export const SALESFORCE_FORMAT: SystemFormat = {
  system: 'salesforce',
  objects: {
    users: [
      object('user', 'User', ['Id', 'Name', 'Email', 'Title', 'Department', 'Division', 'ManagerId', 'UserRoleId', 'IsActive', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], (row) => [
        [field(row, 'user_id'), field(row, 'full_name'), field(row, 'email'), field(row, 'title'), field(row, 'team'), field(row, 'region'), field(row, 'manager_id'), '', field(row, 'is_active'), field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
      ]),
    ],
    products: [
      object('product_2', 'Product2', ['Id', 'Name', 'Family', 'IsActive', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], (row) => [
        [field(row, 'product_id'), field(row, 'product_name'), field(row, 'category'), field(row, 'is_active'), 'false', field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
      ]),
      // One standard price book entry per product, a new version whenever the product changes.
      object('pricebook_entry', 'PricebookEntry', ['Id', 'Pricebook2Id', 'Product2Id', 'UnitPrice', 'IsActive', 'IsDeleted', 'CreatedDate', 'SystemModstamp'], (row) => [
        [`PBE-${field(row, 'product_id')}`, 'STANDARD', field(row, 'product_id'), field(row, 'unit_price'), 'true', 'false', field(row, 'created_at'), field(row, 'updated_at')],
      ]),
    ],
    accounts: [
      object('account', 'Account', ['Id', 'Name', 'Type', 'Industry', 'AnnualRevenue', 'NumberOfEmployees', 'BillingCountry', 'BillingCity', 'OwnerId', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], (row) => {
        const type = field(row, 'account_type');
        return [
          [field(row, 'account_id'), field(row, 'account_name'), ACCOUNT_TYPES[type.toLowerCase()] ?? type, field(row, 'industry'), field(row, 'annual_revenue'), field(row, 'employee_count'), field(row, 'country'), field(row, 'city'), field(row, 'owner_id'), field(row, 'is_deleted'), field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
        ];
      }),
    ],
    contacts: [
      object('contact', 'Contact', ['Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'Phone', 'Title', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], (row) => [
        [field(row, 'contact_id'), field(row, 'account_id'), field(row, 'first_name'), field(row, 'last_name'), field(row, 'email'), field(row, 'phone'), field(row, 'job_title'), field(row, 'is_deleted'), field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
      ]),
    ],
    deals: [
      object('opportunity', 'Opportunity', ['Id', 'Name', 'AccountId', 'ContactId', 'OwnerId', 'StageName', 'Amount', 'Probability', 'CloseDate', 'IsClosed', 'IsWon', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], (row) => {
        const stage = field(row, 'stage');
        return [
          [field(row, 'deal_id'), field(row, 'deal_name'), field(row, 'account_id'), field(row, 'contact_id'), field(row, 'owner_id'), STAGE_NAMES[stage] ?? stage, field(row, 'amount'), field(row, 'probability'), closeDateOf(row), String(isClosedStage(stage)), String(stage === 'closed_won'), field(row, 'is_deleted'), field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
        ];
      }),
      // The deal's product as its one line item; a deal without a product deletes it.
      object('opportunity_line_item', 'OpportunityLineItem', ['Id', 'OpportunityId', 'Product2Id', 'Quantity', 'UnitPrice', 'IsDeleted', 'CreatedDate', 'SystemModstamp'], (row) => [
        [`OLI-${field(row, 'deal_id')}`, field(row, 'deal_id'), field(row, 'product_id'), '1', field(row, 'amount'), String(field(row, 'product_id') === ''), field(row, 'created_at'), field(row, 'updated_at')],
      ]),
    ],
    deal_stage_changes: [
      object('opportunity_history', 'OpportunityHistory', ['Id', 'OpportunityId', 'StageName', 'Amount', 'Probability', 'CloseDate', 'CreatedById', 'IsDeleted', 'CreatedDate', 'SystemModstamp'], (row) => {
        const stage = field(row, 'to_stage');
        return [[field(row, 'change_id'), field(row, 'deal_id'), STAGE_NAMES[stage] ?? stage, '', '', '', field(row, 'changed_by'), 'false', field(row, 'changed_at'), field(row, 'changed_at')]];
      }),
    ],
    activities: [
      object('task', 'Task', TASK, (row) => {
        const type = field(row, 'activity_type');
        if (type === 'meeting') return [];
        const duration = field(row, 'duration_minutes');
        return [
          [field(row, 'activity_id'), field(row, 'subject'), field(row, 'contact_id'), field(row, 'deal_id') || field(row, 'account_id'), field(row, 'account_id'), field(row, 'owner_id'), capitalized(field(row, 'status')), TASK_SUBTYPES[type] ?? 'Task', dateOf(field(row, 'due_at')), field(row, 'completed_at'), duration === '' ? '' : String(Number(duration) * 60), 'false', field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
        ];
      }),
      object('event', 'Event', EVENT, (row) => {
        if (field(row, 'activity_type') !== 'meeting') return [];
        return [
          [field(row, 'activity_id'), field(row, 'subject'), field(row, 'contact_id'), field(row, 'deal_id') || field(row, 'account_id'), field(row, 'account_id'), field(row, 'owner_id'), field(row, 'due_at'), field(row, 'completed_at'), field(row, 'duration_minutes'), 'false', field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
        ];
      }),
    ],
    tickets: [
      object('case', 'Case', ['Id', 'AccountId', 'ContactId', 'Subject', 'Priority', 'Status', 'Origin', 'IsClosed', 'ClosedDate', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], (row) => {
        const status = field(row, 'status');
        const closed = isClosedTicket(status);
        const caseStatus = status === 'open' ? 'Working' : status === 'pending' ? 'Escalated' : capitalized(status);
        return [
          [field(row, 'ticket_id'), field(row, 'account_id'), field(row, 'contact_id'), field(row, 'subject'), capitalized(field(row, 'priority')), caseStatus, capitalized(field(row, 'channel')), String(closed), closed ? field(row, 'resolved_at') : '', 'false', field(row, 'created_at'), field(row, 'updated_at'), field(row, 'updated_at')],
        ];
      }),
    ],
    orders: [
      object('order', 'Order', ['Id', 'AccountId', 'BillToContactId', 'Status', 'EffectiveDate', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], (row) => {
        const status = field(row, 'status');
        return [[`H-${field(row, 'order_id')}`, field(row, 'account_id'), field(row, 'contact_id'), ORDER_STATUSES[status] ?? capitalized(status), dateOf(field(row, 'ordered_at')), 'false', field(row, 'ordered_at'), field(row, 'updated_at'), field(row, 'updated_at')]];
      }),
      object('order_item', 'OrderItem', ['Id', 'OrderId', 'Product2Id', 'Quantity', 'UnitPrice', 'IsDeleted', 'CreatedDate', 'SystemModstamp'], (row) => [
        [field(row, 'order_id'), `H-${field(row, 'order_id')}`, field(row, 'product_id'), field(row, 'quantity'), field(row, 'unit_price'), 'false', field(row, 'ordered_at'), field(row, 'updated_at')],
      ]),
    ],
  },
  carried: (table, row, runDate) => {
    switch (table) {
      case 'products':
        return { ...row, unit_cost: '', quantity_in_stock: '', reorder_level: '' };
      case 'deals': {
        if (!isClosedStage(field(row, 'stage'))) return { ...row, closed_at: '' };
        const closeDate = closeDateOf(row);
        return { ...row, expected_close_date: closeDate, closed_at: midnightOf(closeDate) };
      }
      case 'activities': {
        if (field(row, 'activity_type') === 'meeting') {
          const completedAt = field(row, 'completed_at');
          return { ...row, status: '', completed_at: endedBy(completedAt, runDate) ? completedAt : '' };
        }
        const type = field(row, 'activity_type') === 'note' ? 'task' : field(row, 'activity_type');
        return { ...row, activity_type: type, due_at: midnightOf(field(row, 'due_at')) };
      }
      case 'tickets':
        return { ...row, first_response_at: '', resolved_at: isClosedTicket(field(row, 'status')) ? field(row, 'resolved_at') : '' };
      case 'orders':
        return { ...row, discount_pct: '', ordered_at: midnightOf(field(row, 'ordered_at')), shipped_at: '', delivered_at: '' };
      default:
        return row;
    }
  },
};
