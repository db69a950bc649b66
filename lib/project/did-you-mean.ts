import { closestName } from './closest-name.ts';

/** `; did you mean 'x'?` when a candidate is close to the misspelled name, else the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = closestName(name, candidates);
  return suggestion === undefined || suggestion === name ? '' : `; did you mean '${suggestion}'?`;
}
