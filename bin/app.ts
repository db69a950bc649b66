/**
 * The CDK app (`cdk.json` runs it with tsx): `npx cdk synth` works offline and without
 * credentials; `npx cdk deploy` deploys to the profile's account and region.
 */
import { createCrmWarehouseApp } from '../lib/infra/crm-warehouse-app.ts';

const { app } = await createCrmWarehouseApp();
app.synth();
