/** Where the CLI writes: progress and results to `out`, diagnostics to `err`. Injected so tests read them. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly color: boolean;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
};
