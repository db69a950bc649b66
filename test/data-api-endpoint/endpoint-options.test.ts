import { describe, expect, it } from 'vitest';
import { resolveEndpointOptions } from '../../lib/data-api-endpoint/endpoint-options.ts';

describe('resolveEndpointOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveEndpointOptions({ s3Root: '/tmp/s3' })).toEqual({
      port: 0,
      host: '127.0.0.1',
      s3Root: '/tmp/s3',
      pageSizeRows: 1000,
      statementDelayMs: 0,
      maxActiveStatements: 200,
    });
  });

  it('reports every invalid option at once', () => {
    const options = { port: 70_000, host: '0.0.0.0', pageSizeRows: 0, statementDelayMs: -1, maxActiveStatements: 1.5 };
    expect(() => resolveEndpointOptions(options as never)).toThrow(
      [
        'invalid Data API endpoint options:',
        '- port must be a whole number from 0 to 65535, got 70000',
        '- host must be 127.0.0.1 (loopback only), got 0.0.0.0',
        '- pageSizeRows must be a whole number of at least 1, got 0',
        '- statementDelayMs must be 0 or more, got -1',
        '- maxActiveStatements must be a whole number of at least 1, got 1.5',
      ].join('\n'),
    );
  });
});
