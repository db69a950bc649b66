/**
 * AWS clients, one per Lambda environment. The SDKs' own retries are off: a throttled call fails
 * the invocation with a retryable error name (lib/pipeline/pipeline-errors.ts) and the state
 * machine retries it with backoff, so no Lambda sleeps through a retry.
 */
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { SFNClient } from '@aws-sdk/client-sfn';

export const redshiftData = new RedshiftDataClient({ maxAttempts: 1 });
export const stepFunctions = new SFNClient({ maxAttempts: 1 });
