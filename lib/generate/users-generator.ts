/** Users: the roster as of the initial extract, then the odd promotion or departure on change days. */
import { userId } from './entity-ids.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { forEachRevision, type RevisionRates } from './revision-schedule.ts';
import type { RowSink } from './daily-file-set.ts';
import { TEAMS, type RosterUser } from './user-roster.ts';
import { formatBoolean, formatTimestamp } from './value-format.ts';
import { REGIONS } from './vocabulary.ts';

const REVISION_RATES: RevisionRates = { update: 0.01, touch: 0.01, delete: 0 };
const PROMOTIONS: Readonly<Record<string, string>> = {
  'Sales Development Rep': 'Account Executive',
  'Account Executive': 'Senior Account Executive',
  'Support Agent': 'Senior Support Agent',
};

export class UsersGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly row: string[] = [];

  constructor(
    private readonly context: GenerationContext,
    private readonly users: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'user-revisions');
  }

  get entityCount(): number {
    return this.context.directory.roster.users.length;
  }

  emitEntity(index: number): void {
    const user = this.context.directory.roster.users[index] as RosterUser;
    let title = user.title;
    let isActive = user.isActive;
    this.write(0, user, title, isActive, user.updatedAt);
    this.random.reseed(deriveSeed(this.seed, index));
    forEachRevision(this.random, this.context.calendar, 0, REVISION_RATES, (day, at, kind) => {
      // Only individual contributors (managed by a team manager, index above the two heads) move.
      if (kind === 'update' && isActive && user.managerIndex > 1) {
        if (this.random.chance(0.3)) isActive = false;
        else title = PROMOTIONS[title] ?? title;
      }
      this.write(day, user, title, isActive, at);
    });
  }

  private write(day: number, user: RosterUser, title: string, isActive: boolean, updatedAt: number): void {
    const row = this.row;
    row[0] = user.userId;
    row[1] = user.fullName;
    row[2] = user.email;
    row[3] = title;
    row[4] = TEAMS[user.team] as string;
    row[5] = REGIONS[user.region] as string;
    row[6] = user.managerIndex < 0 ? '' : userId(user.managerIndex);
    row[7] = formatBoolean(isActive);
    row[8] = formatTimestamp(user.createdAt);
    row[9] = formatTimestamp(updatedAt);
    this.users.write(day, row);
  }
}
