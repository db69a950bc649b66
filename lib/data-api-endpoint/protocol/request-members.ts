import type { SqlParameter } from '../sql/sql-parameters.ts';
import { constraintViolation, serializationError } from './data-api-error.ts';

interface LengthConstraint {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

/**
 * Reads the members of a JSON request body and enforces the Data API model's constraints
 * (required, length, range, pattern) with the service's own wording. A member of the wrong JSON
 * type is a SerializationException, as the service answers.
 */
export class RequestMembers {
  constructor(private readonly body: Readonly<Record<string, unknown>>) {}

  optionalString(name: string, constraint: LengthConstraint = {}): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw serializationError(`${name} must be a string`);
    checkLength(value, name, constraint);
    return value;
  }

  requiredString(name: string, constraint: LengthConstraint = {}): string {
    const value = this.optionalString(name, constraint);
    if (value === undefined) throw constraintViolation(undefined, memberPath(name), 'Member must not be null');
    return value;
  }

  optionalInteger(name: string, range: { min: number; max: number }): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(`${name} must be an integer`);
    if (value < range.min) {
      throw constraintViolation(value, memberPath(name), `Member must have value greater than or equal to ${range.min}`);
    }
    if (value > range.max) {
      throw constraintViolation(value, memberPath(name), `Member must have value less than or equal to ${range.max}`);
    }
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw serializationError(`${name} must be a boolean`);
    return value;
  }

  requiredStringList(name: string, items: { min: number; max: number }): string[] {
    const value = this.body[name];
    if (value === undefined || value === null) throw constraintViolation(undefined, memberPath(name), 'Member must not be null');
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw serializationError(`${name} must be a list of strings`);
    }
    if (value.length < items.min) {
      throw constraintViolation(`[${value.join(', ')}]`, memberPath(name), `Member must have length greater than or equal to ${items.min}`);
    }
    if (value.length > items.max) {
      throw constraintViolation(`[${value.length} items]`, memberPath(name), `Member must have length less than or equal to ${items.max}`);
    }
    return value as string[];
  }

  /** `Parameters`: at least one entry; names `[0-9a-zA-Z_]+`, values at least one character. */
  optionalParameters(name: string): SqlParameter[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw serializationError(`${name} must be a list`);
    if (value.length === 0) throw constraintViolation('[]', memberPath(name), 'Member must have length greater than or equal to 1');
    return value.map((entry: unknown, index) => {
      if (typeof entry !== 'object' || entry === null) throw serializationError(`${name} entries must be objects`);
      const members = new RequestMembers(entry as Record<string, unknown>);
      const path = `${memberPath(name)}.${index + 1}.member`;
      const parameterName = members.optionalString('name');
      const parameterValue = members.optionalString('value');
      if (parameterName === undefined) throw constraintViolation(undefined, `${path}.name`, 'Member must not be null');
      if (parameterValue === undefined) throw constraintViolation(undefined, `${path}.value`, 'Member must not be null');
      if (!/^[0-9a-zA-Z_]+$/.test(parameterName)) {
        throw constraintViolation(parameterName, `${path}.name`, 'Member must satisfy regular expression pattern: ^[0-9a-zA-Z_]+$');
      }
      if (parameterValue.length === 0) {
        throw constraintViolation(parameterValue, `${path}.value`, 'Member must have length greater than or equal to 1');
      }
      return { name: parameterName, value: parameterValue };
    });
  }
}

/** The service names members in lower camel case in its messages (`'sql'`, `'workgroupName'`). */
function memberPath(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function checkLength(value: string, name: string, constraint: LengthConstraint): void {
  if (constraint.min !== undefined && value.length < constraint.min) {
    throw constraintViolation(value, memberPath(name), `Member must have length greater than or equal to ${constraint.min}`);
  }
  if (constraint.max !== undefined && value.length > constraint.max) {
    throw constraintViolation(value, memberPath(name), `Member must have length less than or equal to ${constraint.max}`);
  }
  if (constraint.pattern !== undefined && !constraint.pattern.test(value)) {
    throw constraintViolation(value, memberPath(name), `Member must satisfy regular expression pattern: ${constraint.pattern.source}`);
  }
}
