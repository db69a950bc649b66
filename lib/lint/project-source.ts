/** Reads project files for lintPlan's line mapping, by the project-relative paths the plan records. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A reader over `projectDir`; a file that is gone gives undefined (its findings keep compiled lines). */
export function projectSourceReader(projectDir: string): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSync(join(projectDir, path), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
}
