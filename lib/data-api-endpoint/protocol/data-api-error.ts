/**
 * An error the endpoint answers with, shaped as the Data API's modeled errors: `__type` names the
 * error, the HTTP status is the model's `httpError`, and extra members (`ResourceId`,
 * `StatementId`) are sent next to `Message`. The SDK turns each into its own exception class.
 */
export class DataApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly httpStatus: number,
    readonly members: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function validationError(message: string): DataApiError {
  return new DataApiError('ValidationException', message, 400);
}

/** Smithy's wording for a request member that breaks a modeled constraint. */
export function constraintViolation(value: unknown, member: string, constraint: string): DataApiError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function queryNotFound(id: string): DataApiError {
  return new DataApiError('ResourceNotFoundException', 'Query does not exist.', 404, { ResourceId: id });
}

export function noResultAvailable(id: string): DataApiError {
  return new DataApiError(
    'ResourceNotFoundException',
    'Query does not have result. Please check query status with DescribeStatement.',
    404,
    { ResourceId: id },
  );
}

export function activeStatementsExceeded(limit: number): DataApiError {
  return new DataApiError('ActiveStatementsExceededException', `Active statements exceeded the allowed quota (${limit}).`, 400);
}

export function throttlingError(): DataApiError {
  return new DataApiError('ThrottlingException', 'Rate exceeded', 400);
}

/** The statement could not be handed to the database (ExecuteStatementException / BatchExecuteStatementException). */
export function environmentError(type: 'ExecuteStatementException' | 'BatchExecuteStatementException', statementId: string, message: string): DataApiError {
  return new DataApiError(type, message, 500, { StatementId: statementId });
}

export function internalError(message: string): DataApiError {
  return new DataApiError('InternalServerException', message, 500);
}

export function unknownOperation(target: string): DataApiError {
  return new DataApiError('UnknownOperationException', `The local Data API endpoint does not emulate ${target}`, 400);
}

export function serializationError(message: string): DataApiError {
  return new DataApiError('SerializationException', message, 400);
}
