/**
 * Collects every problem found in a construct's props so that a caller sees all of them in one
 * error instead of fixing them one synth at a time (aws-solutions-constructs habit).
 */
export class PropsError extends Error {
  constructor(
    readonly owner: string,
    readonly problems: readonly string[],
  ) {
    super(`${owner}: invalid props:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PropsError';
  }
}

export class PropsProblems {
  private readonly problems: string[] = [];

  constructor(private readonly owner: string) {}

  /** Records `message` unless `ok` holds. */
  require(ok: boolean, message: string): void {
    if (!ok) this.problems.push(message);
  }

  add(message: string): void {
    this.problems.push(message);
  }

  /** Whole numbers in [min, max]; tokens are left to CloudFormation. */
  integerInRange(name: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    this.require(Number.isInteger(value) && value >= min && value <= max, `${name} must be a whole number from ${min} to ${max} (got ${String(value)})`);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new PropsError(this.owner, this.problems);
  }
}
