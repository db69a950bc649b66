import { DataApiError } from './data-api-error.ts';

/**
 * Who sent a request: the access key id of its SigV4 `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=<access key id>/<date>/<region>/<service>/aws4_request, …`,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). The signature is
 * not verified: the identity only scopes statements. The Data API lists "statements run by the
 * caller's IAM role" (ListStatements, RoleLevel:
 * https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ListStatements.html) and
 * authorizes Describe/Cancel by the statement owner (condition key
 * redshift-data:statement-owner-iam-userid,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html).
 * Which error another identity's statement gets is not documented; the endpoint answers as for an
 * unknown id, which reveals nothing.
 */
export function callerIdentity(authorization: string | undefined): string {
  const credential = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\//.exec(authorization ?? '');
  if (credential === null) {
    // What AWS JSON services answer to a request that is not SigV4-signed.
    throw new DataApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  }
  return credential[1] as string;
}
