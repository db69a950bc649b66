import { processIo } from '../lib/cli/cli-io.ts';
import { buildProgram } from '../lib/cli/program.ts';

const program = buildProgram(processIo, (code) => {
  process.exitCode = code;
});
await program.parseAsync(process.argv);
