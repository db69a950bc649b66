/**
 * Every rule names the Amazon Redshift reference page it follows, and the README states the
 * registry's real rule count.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDescriptions } from '../../lib/lint/rule-registry.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('lint rule references', () => {
  it('gives every rule, the unparseable one included, a page of the Redshift Database Developer Guide', () => {
    const rules = ruleDescriptions();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.reference, rule.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/redshift\/latest\/dg\/[\w-]+\.html$/);
    }
  });

  it('has unique rule ids', () => {
    const ids = ruleDescriptions().map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('states the number of rules in the README as the registry has them', () => {
    const stated = [...README.matchAll(/\((\d+) rules, each citing the Redshift reference/g)].map((match) => Number(match[1]));
    expect(stated).toEqual([ruleDescriptions().length]);
  });
});
