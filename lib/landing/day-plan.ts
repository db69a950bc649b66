/**
 * Which of a table's landed days a load replaces, decided the same way by every loader (the
 * synchronous ones through runLoad, the pipeline's LoadRawDay step batch by batch): a day whose
 * files are exactly the ones audit.loaded_files recorded at its last load is left as it is,
 * unless everything is reloaded (a forced load, or a raw table that was just created). A day with
 * a file whose version is unknown (a listing without size or modification time) always reloads.
 */
import { isUnchanged, type FileStamp, type RecordedDays } from './loaded-files.ts';

export interface DayPlan<Day> {
  readonly changed: readonly Day[];
  readonly unchanged: readonly Day[];
}

/** `recorded` undefined: reload every day. */
export function planDays<File, Day extends { readonly ingestDate: string; readonly files: readonly File[] }>(
  days: readonly Day[],
  stampOf: (file: File) => FileStamp | undefined,
  recorded: RecordedDays | undefined,
): DayPlan<Day> {
  const isKept = (day: Day): boolean => {
    if (recorded === undefined) return false;
    const stamps = day.files.map(stampOf);
    return stamps.every((stamp) => stamp !== undefined) && isUnchanged(recorded.get(day.ingestDate), stamps as FileStamp[]);
  };
  return { changed: days.filter((day) => !isKept(day)), unchanged: days.filter(isKept) };
}

/**
 * The stamps to record for a replaced day: all of its files' when every version is known;
 * otherwise none, so the day's old record goes and its next load re-reads it.
 */
export function stampsToRecord(stamps: readonly (FileStamp | undefined)[]): FileStamp[] {
  return stamps.every((stamp) => stamp !== undefined) ? (stamps as FileStamp[]) : [];
}
