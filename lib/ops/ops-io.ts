/** Where the ops CLI writes and how it waits; injected so tests read the lines and skip the waits. */
export interface OpsIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processOpsIo: OpsIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
  env: process.env,
};
