/** A clock that only moves when the code under test sleeps, so backoff and timeouts cost no real time. */
export class FakeClock {
  private time = 0;
  readonly slept: number[] = [];

  readonly now = (): number => this.time;

  readonly sleep = async (ms: number): Promise<void> => {
    this.slept.push(ms);
    this.time += ms;
  };
}
