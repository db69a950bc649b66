import { mutationProgram } from '../lib/mutation/mutation-command.ts';

const program = mutationProgram(
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  (code) => {
    process.exitCode = code;
  },
);
program.exitOverride((error) => {
  process.exit(error.exitCode === 0 ? 0 : 2);
});
await program.parseAsync(process.argv);
