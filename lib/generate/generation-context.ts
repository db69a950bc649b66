/**
 * Everything the generators share, built from the options alone: the calendar, the volumes, the
 * user roster, the product catalog, the population directory and the dirt injector. Being a
 * pure function of the options is what lets separate processes generate different tables of one
 * landing consistently.
 */
import { CrmDirectory } from './crm-directory.ts';
import { DirtInjector } from './dirt-injector.ts';
import type { GenerationContext } from './family-generator.ts';
import { IngestCalendar } from './ingest-calendar.ts';
import type { ValidatedOptions } from './options-validation.ts';
import { buildProductCatalog } from './product-catalog.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { buildUserRoster } from './user-roster.ts';
import { planVolumes } from './volume-plan.ts';

export function buildGenerationContext(settings: ValidatedOptions): GenerationContext {
  const seed = deriveSeed(0x5eed, settings.seed);
  const calendar = new IngestCalendar(settings.endDate, settings.days);
  const volumes = planVolumes(settings.scale);
  const roster = buildUserRoster(volumes.users, new RandomSource(deriveSeed(seed, 'roster')), calendar);
  const catalog = buildProductCatalog(volumes.products, new RandomSource(deriveSeed(seed, 'catalog')), calendar, seed);
  const directory = new CrmDirectory(calendar, volumes, roster, catalog, seed);
  const dirt = new DirtInjector(settings.dirtyShare, deriveSeed(seed, 'dirt'));
  return { calendar, directory, dirt, seed };
}
