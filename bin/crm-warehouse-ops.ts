/** The ops CLI (lib/ops/ops-program.ts): start, follow and inspect pipeline runs in AWS. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { processOpsIo } from '../lib/ops/ops-io.ts';
import { runOps } from '../lib/ops/ops-program.ts';

const client = new SFNClient({});
process.exitCode = await runOps(process.argv.slice(2), client, processOpsIo);
client.destroy();
