/**
 * Seeded pseudo-random numbers. mulberry32 is tiny, fast and good enough for sample data; its
 * whole state is one 32-bit word, so one instance can be reseeded per entity without allocating.
 * Reseeding per entity is what lets other generators recompute an entity's links on demand
 * (random access) instead of keeping every entity in memory.
 */
export class RandomSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  reseed(seed: number): void {
    this.state = seed >>> 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn from cumulative weights (last entry is the total). */
  weightedIndex(cumulativeWeights: readonly number[]): number {
    const total = cumulativeWeights[cumulativeWeights.length - 1] as number;
    const target = this.next() * total;
    let index = 0;
    while (index < cumulativeWeights.length - 1 && target >= (cumulativeWeights[index] as number)) index += 1;
    return index;
  }

  /** Exponentially distributed with the given mean: waiting times between independent events. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-uniform in [min, max]: money and company sizes spread over orders of magnitude. */
  logUniform(min: number, max: number): number {
    return min * Math.exp(this.next() * Math.log(max / min));
  }
}

/** murmur3's finalizer: spreads every input bit over the whole word. */
function finalizeHash(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A seed for one independent stream, e.g. `deriveSeed(runSeed, 'deal-links')`, then `deriveSeed(that, dealIndex)`. */
export function deriveSeed(parent: number, key: string | number): number {
  let keyHash: number;
  if (typeof key === 'number') {
    keyHash = finalizeHash(Math.imul(key + 1, 0x9e3779b1) ^ Math.floor(key / 4294967296));
  } else {
    // FNV-1a over UTF-16 units; keys are short ASCII names.
    keyHash = 0x811c9dc5;
    for (let index = 0; index < key.length; index += 1) {
      keyHash = Math.imul(keyHash ^ key.charCodeAt(index), 0x01000193);
    }
  }
  return finalizeHash(Math.imul(parent >>> 0, 0x27d4eb2d) ^ finalizeHash(keyHash + 0x9e3779b9));
}

/** A uniform value in [0, 1) for (seed, index) without any stream state. */
export function hashUnit(seed: number, index: number): number {
  return deriveSeed(seed, index) / 4294967296;
}

/** Prefix sums of weights, the form `weightedIndex` expects. */
export function cumulative(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((weight) => (total += weight));
}
