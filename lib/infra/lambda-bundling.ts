/** How every Lambda of the app is bundled by NodejsFunction (esbuild): one ESM file for Node 24. */
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

export function esmBundling(commandHooks?: nodejs.ICommandHooks): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: 'node24',
    platform: 'node',
    minify: true,
    sourceMap: true,
    mainFields: ['module', 'main'],
    // Pin the SDK versions the code was tested with instead of the runtime's.
    bundleAwsSDK: true,
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    ...(commandHooks === undefined ? {} : { commandHooks }),
  };
}
