/**
 * The stack's name and output keys: what `cdk deploy --outputs-file` writes and the ops CLI reads.
 * Kept free of aws-cdk-lib so the CLI loads fast.
 */
export const STACK_NAME = 'CrmWarehouse';

export const STACK_OUTPUTS = {
  stateMachineArn: 'StateMachineArn',
  landingBucketName: 'LandingBucketName',
  workgroupName: 'WorkgroupName',
  dashboardName: 'DashboardName',
} as const;
