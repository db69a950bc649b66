/** Keeps going past project errors so one compile reports all of them, not just the first. */
import { ProjectError, ProjectErrors } from './errors.ts';

export class ErrorCollector {
  private readonly errors: ProjectError[] = [];

  /** Runs `work`; a ProjectError (or several) is recorded and gives undefined, anything else is a bug and propagates. */
  attempt<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      if (error instanceof ProjectError) this.errors.push(error);
      else if (error instanceof ProjectErrors) this.errors.push(...error.errors);
      else throw error;
      return undefined;
    }
  }

  add(error: ProjectError): void {
    this.errors.push(error);
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new ProjectErrors(this.errors);
  }
}
