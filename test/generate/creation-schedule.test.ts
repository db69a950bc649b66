import { describe, expect, it } from 'vitest';
import { CreationSchedule } from '../../lib/generate/creation-schedule.ts';
import { RandomSource } from '../../lib/generate/random-source.ts';

describe('CreationSchedule', () => {
  const start = 1_700_000_000;
  const end = start + 760 * 86_400;
  const schedule = new CreationSchedule(5000, start, end, 11);

  it('creates entities in index order inside the span, the first at its start', () => {
    expect(schedule.createdAt(0)).toBe(start);
    let previous = start;
    for (let index = 1; index < 5000; index += 1) {
      const createdAt = schedule.createdAt(index);
      expect(createdAt).toBeGreaterThanOrEqual(previous);
      expect(createdAt).toBeLessThanOrEqual(end);
      previous = createdAt;
    }
  });

  it('never counts an entity as existing before it was created', () => {
    const random = new RandomSource(3);
    for (let probe = 0; probe < 2000; probe += 1) {
      const time = start + Math.floor(random.next() * (end - start));
      const count = schedule.countCreatedBy(time);
      expect(count).toBeGreaterThanOrEqual(1);
      expect(schedule.createdAt(count - 1)).toBeLessThanOrEqual(time);
      // ...and the count is tight: the next few entities are already close to or after `time`.
      if (count + 3 < 5000) expect(schedule.createdAt(count + 3)).toBeGreaterThan(time);
    }
    expect(schedule.countCreatedBy(start - 1)).toBe(0);
    expect(schedule.countCreatedBy(end)).toBe(5000);
  });

  it('grows: the last tenth of the span holds more creations than the first', () => {
    const tenth = (end - start) / 10;
    const early = schedule.countCreatedBy(start + tenth);
    const late = 5000 - schedule.countCreatedBy(end - tenth);
    expect(late).toBeGreaterThan(1.8 * early);
  });
});
