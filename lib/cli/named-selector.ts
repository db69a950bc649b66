/** `--selector <name>`: a selection of selectors.yml, turned into the --select and --exclude it stands for. */
import { resolve } from 'node:path';
import { closestName } from '../project/closest-name.ts';
import { ProjectError } from '../project/errors.ts';
import { loadSelectors, SELECTORS_FILE } from '../project/selectors-file.ts';
import { UsageError } from './usage-error.ts';

interface SelectorOptions {
  readonly selector: string;
  readonly projectDir?: string;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
}

/** The options with the selector's words as select and exclude; options without `--selector` come back as they are. */
export async function withSelector<T>(options: T): Promise<T> {
  if (!hasSelector(options)) return options;
  if ((options.select?.length ?? 0) > 0 || (options.exclude?.length ?? 0) > 0) {
    throw new UsageError('--selector names the whole selection; it cannot be combined with --select or --exclude');
  }
  const selectors = await loadSelectors(resolve(options.projectDir ?? '.'));
  const chosen = selectors.get(options.selector);
  if (chosen === undefined) {
    const known = [...selectors.keys()];
    const suggestion = closestName(options.selector, known);
    throw new ProjectError(
      '--selector',
      `'${options.selector}' is not a selector of ${SELECTORS_FILE} (${known.length === 0 ? 'none' : known.join(', ')})` +
        (suggestion === undefined ? '' : `; did you mean '${suggestion}'?`),
    );
  }
  return { ...options, select: [...chosen.select], exclude: [...chosen.exclude] };
}

function hasSelector(options: unknown): options is SelectorOptions {
  return typeof options === 'object' && options !== null && typeof (options as { selector?: unknown }).selector === 'string';
}
