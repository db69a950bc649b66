/** The wording of a reference to a missing model or source, the same wherever it is found. */
import { didYouMean } from './did-you-mean.ts';

export function unknownModelMessage(name: string, knownModels: Iterable<string>): string {
  return `unknown model '${name}' in ref('${name}')${didYouMean(name, knownModels)}`;
}

/** `knownSources` as `source_name.table_name`. */
export function unknownSourceMessage(sourceName: string, tableName: string, knownSources: Iterable<string>): string {
  const qualifiedName = `${sourceName}.${tableName}`;
  return `unknown source '${qualifiedName}' in source('${sourceName}', '${tableName}')${didYouMean(qualifiedName, knownSources)}`;
}
