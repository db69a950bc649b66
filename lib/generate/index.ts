/** The sample data generator's public surface, as the CLI uses it. */
export { generateLanding } from './generate-landing.ts';
export type { DirtCount, GenerateOptions, GenerateProgressEvent, GenerateSummary, TableSummary } from './generate-options.ts';
export { DEFAULT_DIRTY_SHARE } from './generate-options.ts';
export { GenerateOptionsError } from './options-validation.ts';
export { DIRT_KINDS, type DirtKind } from './dirt-kinds.ts';
export { RAW_TABLE_COLUMNS, RAW_TABLE_NAMES, type RawTableName } from './raw-tables.ts';
export { SCALE_ONE_VOLUMES } from './volume-plan.ts';
export { generateIncrementalChain, type IncrementalChainOptions } from './incremental-chain.ts';
export { chainDay, landChainDay, readChainManifest } from './chain-replay.ts';
export type { ChainDay, ChainEvent, ChainFile, ChainManifest } from './chain-scenario.ts';
