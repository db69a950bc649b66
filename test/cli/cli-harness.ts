import type { CliIo } from '../../lib/cli/cli-io.ts';
import { buildProgram } from '../../lib/cli/program.ts';

export interface CliOutcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the real CLI program in-process, as `crm-warehouse <args>` would, capturing its output. */
export async function runCli(args: readonly string[]): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), color: false };
  let code = 0;
  const program = buildProgram(io, (exitCode) => {
    code = exitCode;
  });
  program.exitOverride();
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    code = (error as { exitCode?: number }).exitCode ?? 1;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}
