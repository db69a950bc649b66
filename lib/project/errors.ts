/**
 * Every problem found in the SQL project. The message always starts with the place
 * (`file:line` or `file: yaml.path`) so a user can jump straight to it.
 */
export class ProjectError extends Error {
  constructor(
    readonly place: string,
    readonly detail: string,
  ) {
    super(`${place}: ${detail}`);
    this.name = 'ProjectError';
  }
}

/** Several problems at once: validation collects them all before failing. */
export class ProjectErrors extends Error {
  constructor(readonly errors: readonly ProjectError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.name = 'ProjectErrors';
  }
}
