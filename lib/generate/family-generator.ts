/**
 * What the orchestrator drives: a family of related rows (users; deals with their stage
 * changes; ...) produced one entity at a time. Emitting an entity writes all of its versions to
 * its tables' sinks synchronously; the orchestrator waits for the disk between entities.
 */
import type { CrmDirectory } from './crm-directory.ts';
import type { DirtInjector } from './dirt-injector.ts';
import type { IngestCalendar } from './ingest-calendar.ts';

export interface FamilyGenerator {
  readonly entityCount: number;
  /** Called for every index from 0 up, in order. */
  emitEntity(index: number): void;
}

export interface GenerationContext {
  readonly calendar: IngestCalendar;
  readonly directory: CrmDirectory;
  readonly dirt: DirtInjector;
  readonly seed: number;
}
