/** The problems a construct or setting reports: what `build` throws as a PropsError (anything else is rethrown). */
import { PropsError } from '../../lib/infra/props-problems.ts';

export function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof PropsError) return error.problems;
    throw error;
  }
  throw new Error('expected a PropsError');
}
