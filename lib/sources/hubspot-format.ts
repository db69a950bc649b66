/**
 * The generated CRM as HubSpot's CRM API v3 exports it (one CSV per object, internal property names
 * as headers), and what of it HubSpot carries back through sql/staging/hubspot/. Properties:
 * https://developers.hubspot.com/docs/api/crm/understanding-the-crm
 *
 * Not carried (emptied, coarsened or left out by `carried`): a user's title, region and manager
 * (owners have none), a product's category and stock (every library product is active), a deal's
 * product (it lives on line items), a closed deal's planned close date (closedate becomes the close
 * time), a solved ticket (the default support pipeline has one closed stage) and the resolution of a
 * ticket not closed, the due time of a logged call, email or note apart from when it happened, a task
 * done without COMPLETED, a meeting's completion other than its end (start plus duration), and orders:
 * HubSpot's line items belong to deals, which the generated orders are not part of.
 */
import { dateOf, endedBy, midnightOf, minutesAfter, type GenericRow, type SystemFormat, type SystemObject } from './system-format.ts';

const DEAL_STAGES: Readonly<Record<string, string>> = {
  prospecting: 'appointmentscheduled',
  qualification: 'qualifiedtobuy',
  proposal: 'presentationscheduled',
  negotiation: 'contractsent',
  closed_won: 'closedwon',
  closed_lost: 'closedlost',
};

/** Ticket statuses as stages of the default support pipeline. */
const TICKET_STAGES: Readonly<Record<string, string>> = { open: '1', pending: '2', solved: '4', closed: '4' };

const field = (row: GenericRow, name: string): string => row[name] ?? '';
const isClosedStage = (stage: string): boolean => stage === 'closed_won' || stage === 'closed_lost';
const isClosedTicket = (status: string): boolean => status === 'solved' || status === 'closed';
/** A closed deal's closedate is when it closed; an open deal's the day it is expected to. */
const closeDateOf = (row: GenericRow): string =>
  isClosedStage(field(row, 'stage')) && field(row, 'closed_at') !== '' ? field(row, 'closed_at') : midnightOf(field(row, 'expected_close_date'));
/** When a call, email or note happened: what the engagement's hs_timestamp records. */
const happenedAt = (row: GenericRow): string => field(row, 'completed_at') || field(row, 'due_at') || field(row, 'created_at');
/** Probability in percent as HubSpot's 0-1 fraction. */
const fractionOf = (percent: string): string => (percent === '' ? '' : (Number(percent) / 100).toFixed(4));

function object(table: string, fileStem: string, header: readonly string[], recordsOf: SystemObject['recordsOf']): SystemObject {
  return { table: `hubspot_${table}`, fileStem, header, recordsOf };
}

export const HUBSPOT_FORMAT: SystemFormat = {
  system: 'hubspot',
  objects: {
    users: [
      object('owners', 'owners', ['id', 'email', 'firstName', 'lastName', 'primary_team_name', 'createdAt', 'updatedAt', 'archived'], (row) => {
        const name = field(row, 'full_name');
        const space = name.indexOf(' ');
        const [first, last] = space < 0 ? [name, ''] : [name.slice(0, space), name.slice(space + 1)];
        return [[field(row, 'user_id'), field(row, 'email'), first, last, field(row, 'team'), field(row, 'created_at'), field(row, 'updated_at'), String(field(row, 'is_active') === 'false')]];
      }),
    ],
    products: [
      object('products', 'products', ['hs_object_id', 'name', 'hs_sku', 'price', 'hs_cost_of_goods_sold', 'createdate', 'hs_lastmodifieddate', 'archived'], (row) => [
        [field(row, 'product_id'), field(row, 'product_name'), '', field(row, 'unit_price'), field(row, 'unit_cost'), field(row, 'created_at'), field(row, 'updated_at'), 'false'],
      ]),
    ],
    accounts: [
      object('companies', 'companies', ['hs_object_id', 'name', 'industry', 'type', 'lifecyclestage', 'annualrevenue', 'numberofemployees', 'country', 'city', 'hubspot_owner_id', 'createdate', 'hs_lastmodifieddate', 'archived'], (row) => {
        const type = field(row, 'account_type');
        const customer = type.toLowerCase() === 'customer';
        return [
          [field(row, 'account_id'), field(row, 'account_name'), field(row, 'industry'), customer ? '' : type.toUpperCase(), customer ? 'customer' : 'lead', field(row, 'annual_revenue'), field(row, 'employee_count'), field(row, 'country'), field(row, 'city'), field(row, 'owner_id'), field(row, 'created_at'), field(row, 'updated_at'), field(row, 'is_deleted')],
        ];
      }),
    ],
    contacts: [
      object('contacts', 'contacts', ['hs_object_id', 'associatedcompanyid', 'firstname', 'lastname', 'email', 'phone', 'jobtitle', 'createdate', 'lastmodifieddate', 'archived'], (row) => [
        [field(row, 'contact_id'), field(row, 'account_id'), field(row, 'first_name'), field(row, 'last_name'), field(row, 'email'), field(row, 'phone'), field(row, 'job_title'), field(row, 'created_at'), field(row, 'updated_at'), field(row, 'is_deleted')],
      ]),
    ],
    deals: [
      object('deals', 'deals', ['hs_object_id', 'dealname', 'pipeline', 'dealstage', 'amount', 'hs_deal_stage_probability', 'closedate', 'hs_is_closed', 'hs_is_closed_won', 'associatedcompanyid', 'associatedcontactid', 'hubspot_owner_id', 'createdate', 'hs_lastmodifieddate', 'archived'], (row) => {
        const stage = field(row, 'stage');
        return [
          [field(row, 'deal_id'), field(row, 'deal_name'), 'default', DEAL_STAGES[stage] ?? stage, field(row, 'amount'), fractionOf(field(row, 'probability')), closeDateOf(row), String(isClosedStage(stage)), String(stage === 'closed_won'), field(row, 'account_id'), field(row, 'contact_id'), field(row, 'owner_id'), field(row, 'created_at'), field(row, 'updated_at'), field(row, 'is_deleted')],
        ];
      }),
    ],
    deal_stage_changes: [
      object('deal_stage_history', 'deal_stage_history', ['deal_id', 'value', 'date_entered', 'source_type', 'updated_by_user_id'], (row) => {
        const stage = field(row, 'to_stage');
        return [[field(row, 'deal_id'), DEAL_STAGES[stage] ?? stage, field(row, 'changed_at'), 'CRM_UI', field(row, 'changed_by')]];
      }),
    ],
    activities: [
      object('engagements', 'engagements', ['id', 'type', 'hs_timestamp', 'owner_id', 'company_id', 'contact_id', 'deal_id', 'subject', 'status', 'duration_milliseconds', 'start_time', 'end_time', 'completion_date', 'created_at', 'last_updated', 'archived'], (row) => {
        const type = field(row, 'activity_type');
        const duration = field(row, 'duration_minutes');
        const meeting = type === 'meeting';
        const timestamp = meeting || type === 'task' ? field(row, 'due_at') : happenedAt(row);
        return [
          [field(row, 'activity_id'), type.toUpperCase(), timestamp, field(row, 'owner_id'), field(row, 'account_id'), field(row, 'contact_id'), field(row, 'deal_id'), field(row, 'subject'), field(row, 'status').toUpperCase(), duration === '' ? '' : String(Number(duration) * 60_000), meeting ? field(row, 'due_at') : '', meeting ? minutesAfter(field(row, 'due_at'), duration) : '', type === 'task' ? field(row, 'completed_at') : '', field(row, 'created_at'), field(row, 'updated_at'), 'false'],
        ];
      }),
    ],
    tickets: [
      object('tickets', 'tickets', ['hs_object_id', 'subject', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_priority', 'source_type', 'associatedcompanyid', 'associatedcontactid', 'createdate', 'first_agent_reply_date', 'closed_date', 'hs_lastmodifieddate', 'archived'], (row) => {
        const status = field(row, 'status');
        return [
          [field(row, 'ticket_id'), field(row, 'subject'), '0', TICKET_STAGES[status] ?? status, field(row, 'priority').toUpperCase(), field(row, 'channel').toUpperCase(), field(row, 'account_id'), field(row, 'contact_id'), field(row, 'created_at'), field(row, 'first_response_at'), isClosedTicket(status) ? field(row, 'resolved_at') : '', field(row, 'updated_at'), 'false'],
        ];
      }),
    ],
    orders: [],
  },
  carried: (table, row, runDate) => {
    switch (table) {
      case 'users':
        // An owner is archived or not: a user of unknown activity comes back active.
        return { ...row, title: '', region: '', manager_id: '', is_active: String(field(row, 'is_active') !== 'false') };
      case 'products':
        return { ...row, category: '', quantity_in_stock: '', reorder_level: '', is_active: 'true' };
      case 'deals': {
        const closeDate = closeDateOf(row);
        if (!isClosedStage(field(row, 'stage'))) return { ...row, product_id: '', closed_at: '' };
        return { ...row, product_id: '', expected_close_date: dateOf(closeDate), closed_at: closeDate };
      }
      case 'deal_stage_changes':
        return { ...row, change_id: `${field(row, 'deal_id')}-${Date.parse(field(row, 'changed_at')) / 1000}` };
      case 'activities': {
        const type = field(row, 'activity_type');
        if (type === 'meeting') {
          const end = minutesAfter(field(row, 'due_at'), field(row, 'duration_minutes'));
          return { ...row, completed_at: endedBy(end, runDate) ? end : '', duration_minutes: end === '' ? '' : field(row, 'duration_minutes') };
        }
        if (type === 'task') {
          const done = field(row, 'status').toUpperCase() === 'COMPLETED';
          return { ...row, completed_at: done ? field(row, 'completed_at') || field(row, 'due_at') : '' };
        }
        return { ...row, due_at: happenedAt(row), completed_at: happenedAt(row) };
      }
      case 'tickets': {
        const status = field(row, 'status');
        return { ...row, status: status === 'solved' ? 'closed' : status, resolved_at: isClosedTicket(status) ? field(row, 'resolved_at') : '' };
      }
      case 'orders':
        return undefined;
      default:
        return row;
    }
  },
};
