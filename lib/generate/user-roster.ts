/**
 * The CRM's users, built once in memory (a few hundred at most per scale unit): two heads (sales
 * and support), one manager per team and region, and individual contributors spread over the
 * teams and regions. Every team-region cell gets at least one active rep, so any account can be
 * given an owner from its own segment and region. All users were hired before the history starts.
 */
import type { IngestCalendar } from './ingest-calendar.ts';
import { SECONDS_PER_DAY } from './ingest-calendar.ts';
import { cumulative, type RandomSource } from './random-source.ts';
import { emailLocalPart } from './email-local-part.ts';
import { userId } from './entity-ids.ts';
import { FIRST_NAMES, LAST_NAMES, REGIONS, REGION_WEIGHTS } from './vocabulary.ts';

/** Sales teams are the account segments; their order matches `SEGMENTS` in the directory. */
export const TEAMS = ['Enterprise', 'Mid-Market', 'SMB', 'Support'] as const;
export const SUPPORT_TEAM = 3;
const TEAM_WEIGHTS = cumulative([20, 25, 30, 25]);
const REGION_CUMULATIVE = cumulative(REGION_WEIGHTS);

export interface RosterUser {
  readonly index: number;
  readonly userId: string;
  readonly fullName: string;
  readonly email: string;
  readonly title: string;
  readonly team: number;
  readonly region: number;
  /** Roster index of the manager, -1 for the heads. */
  readonly managerIndex: number;
  readonly isActive: boolean;
  readonly createdAt: number;
  /** Last change before the first extract (a departure for inactive users). */
  readonly updatedAt: number;
}

export interface UserRoster {
  readonly users: readonly RosterUser[];
  /** Active individual contributors per cell `team * REGIONS.length + region`. */
  readonly activeRepsByCell: readonly (readonly number[])[];
}

export const ROSTER_MINIMUM = 2 + 2 * TEAMS.length * REGIONS.length;

export function cellOf(team: number, region: number): number {
  return team * REGIONS.length + region;
}

export function buildUserRoster(count: number, rng: RandomSource, calendar: IngestCalendar): UserRoster {
  if (count < ROSTER_MINIMUM) throw new Error(`a roster needs at least ${ROSTER_MINIMUM} users, got ${count}`);
  const users: RosterUser[] = [];
  const usedEmails = new Set<string>();
  const activeRepsByCell: number[][] = Array.from({ length: TEAMS.length * REGIONS.length }, () => []);

  const add = (title: string, team: number, region: number, managerIndex: number, canLeave: boolean): void => {
    const index = users.length;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const createdAt = calendar.timelineStart - rng.int(30 * SECONDS_PER_DAY, 1500 * SECONDS_PER_DAY);
    const isActive = !(canLeave && rng.chance(0.06));
    const updatedAt = isActive
      ? createdAt + Math.floor(rng.next() * (calendar.firstDayStart - createdAt))
      : calendar.timelineStart + Math.floor(rng.next() * (calendar.firstDayStart - calendar.timelineStart));
    users.push({
      index,
      userId: userId(index),
      fullName: `${firstName} ${lastName}`,
      email: uniqueEmail(`${emailLocalPart(firstName)}.${emailLocalPart(lastName)}`, usedEmails),
      title,
      team,
      region,
      managerIndex,
      isActive,
      createdAt,
      updatedAt,
    });
    if (isActive && title !== 'Sales Manager' && title !== 'Support Manager' && team !== SUPPORT_TEAM) {
      activeRepsByCell[cellOf(team, region)]?.push(index);
    }
  };

  add('VP of Sales', 0, 0, -1, false);
  add('VP of Support', SUPPORT_TEAM, 0, -1, false);
  const managerOfCell: number[] = [];
  for (let team = 0; team < TEAMS.length; team += 1) {
    for (let region = 0; region < REGIONS.length; region += 1) {
      managerOfCell[cellOf(team, region)] = users.length;
      add(team === SUPPORT_TEAM ? 'Support Manager' : 'Sales Manager', team, region, team === SUPPORT_TEAM ? 1 : 0, false);
    }
  }
  const addContributor = (team: number, region: number, canLeave: boolean): void => {
    const title = team === SUPPORT_TEAM ? rng.pick(SUPPORT_TITLES) : rng.pick(SALES_TITLES);
    add(title, team, region, managerOfCell[cellOf(team, region)] as number, canLeave);
  };
  for (let team = 0; team < TEAMS.length; team += 1) {
    for (let region = 0; region < REGIONS.length; region += 1) addContributor(team, region, false);
  }
  while (users.length < count) {
    addContributor(rng.weightedIndex(TEAM_WEIGHTS), rng.weightedIndex(REGION_CUMULATIVE), true);
  }
  return { users, activeRepsByCell };
}

const SALES_TITLES = ['Account Executive', 'Account Executive', 'Account Executive', 'Senior Account Executive', 'Sales Development Rep'];
const SUPPORT_TITLES = ['Support Agent', 'Support Agent', 'Senior Support Agent'];

function uniqueEmail(localPart: string, used: Set<string>): string {
  let candidate = localPart;
  for (let suffix = 2; used.has(candidate); suffix += 1) candidate = `${localPart}${suffix}`;
  used.add(candidate);
  return `${candidate}@northwind-crm.example`;
}
