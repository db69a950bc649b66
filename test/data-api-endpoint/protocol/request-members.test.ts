import { describe, expect, it } from 'vitest';
import { DataApiError } from '../../../lib/data-api-endpoint/protocol/data-api-error.ts';
import { RequestMembers } from '../../../lib/data-api-endpoint/protocol/request-members.ts';

function failure(read: (members: RequestMembers) => unknown, body: Record<string, unknown>): DataApiError {
  try {
    read(new RequestMembers(body));
  } catch (error) {
    if (error instanceof DataApiError) return error;
    throw error;
  }
  throw new Error('expected a DataApiError');
}

describe('RequestMembers', () => {
  it('answers SerializationException for members of the wrong JSON type', () => {
    expect(failure((members) => members.optionalInteger('MaxResults', { min: 0, max: 100 }), { MaxResults: '1' })).toMatchObject({
      type: 'SerializationException',
      message: 'MaxResults must be an integer',
    });
    expect(failure((members) => members.optionalBoolean('WithEvent'), { WithEvent: 1 })).toMatchObject({
      type: 'SerializationException',
      message: 'WithEvent must be a boolean',
    });
    expect(failure((members) => members.requiredStringList('Sqls', { min: 1, max: 40 }), { Sqls: 'select 1' })).toMatchObject({
      type: 'SerializationException',
      message: 'Sqls must be a list of strings',
    });
    expect(failure((members) => members.optionalParameters('Parameters'), { Parameters: {} })).toMatchObject({
      message: 'Parameters must be a list',
    });
    expect(failure((members) => members.optionalParameters('Parameters'), { Parameters: ['a'] })).toMatchObject({
      message: 'Parameters entries must be objects',
    });
  });

  it('enforces the model’s constraints on Parameters', () => {
    const read = (members: RequestMembers) => members.optionalParameters('Parameters');
    expect(failure(read, { Parameters: [] }).message).toBe(
      "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(failure(read, { Parameters: [{ value: '1' }] }).message).toContain("Value null at 'parameters.1.member.name'");
    expect(failure(read, { Parameters: [{ name: 'a' }] }).message).toContain("Value null at 'parameters.1.member.value'");
    expect(failure(read, { Parameters: [{ name: 'a', value: '' }] }).message).toContain(
      "at 'parameters.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(failure((members) => members.requiredStringList('Sqls', { min: 1, max: 40 }), {}).message).toContain(
      "Value null at 'sqls'",
    );
  });

  it('enforces minimum values and lengths', () => {
    expect(failure((members) => members.optionalInteger('MaxResults', { min: 0, max: 100 }), { MaxResults: -1 }).message).toContain(
      'Member must have value greater than or equal to 0',
    );
    expect(failure((members) => members.optionalString('ClientToken', { min: 1, max: 64 }), { ClientToken: 'x'.repeat(65) }).message).toContain(
      'Member must have length less than or equal to 64',
    );
  });
});
