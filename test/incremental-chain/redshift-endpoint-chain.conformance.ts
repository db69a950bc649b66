// The incremental chain == full refresh proof on Redshift's path: the Redshift engine (the real SDK
// client, the Data API wire protocol, COPY from "S3") against the local Data API endpoint; each
// warehouse is its own endpoint over the same S3 folder (chain-harness.ts).
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { listLocalLanding } from '../../lib/cli/landing-listing.ts';
import { startDataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { loadLanding } from '../../lib/engines/redshift-data/copy-loader.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { describeChainEquality } from './chain-equality.ts';

const LANDING_URI = 's3://landing/crm';

describeChainEquality(
  {
    name: 'Redshift through the local Data API endpoint',
    async open(s3Root) {
      const endpoint = await startDataApiEndpoint({ port: 0, s3Root });
      const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
      const engine = new RedshiftDataEngine({ workgroupName: 'local', database: 'dev', client, pollIntervalMs: 5, maxPollIntervalMs: 50 });
      return {
        engine,
        load: (options) =>
          loadLanding(engine, {
            landingUri: LANDING_URI,
            listDays: () => listLocalLanding(s3Root, LANDING_URI),
            sources: options.sources,
            runId: options.runId,
            maxLoadErrors: options.maxLoadErrors,
            force: options.force,
          }),
        close: async () => {
          await engine.close();
          await endpoint.close();
        },
      };
    },
  },
  undefined,
  600_000,
);
