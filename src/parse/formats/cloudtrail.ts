// AWS CloudTrail records: every nested field kept flat under `aws.cloudtrail.` (Sigma's
// CloudTrail rules name fields like `userIdentity.sessionContext.sessionIssuer.type`), plus the
// ECS fields: cloud.*, source.ip, user.name, event.action (= eventName), event.outcome.
import type { Fields } from '../../core/event.ts';
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { ParsedLine } from '../types.ts';
import { at, flattenInto, str } from './json-flatten.ts';
import { isIp } from './scan.ts';

export const CLOUDTRAIL = 'cloudtrail';

export function isCloudTrailRecord(o: Record<string, unknown>): boolean {
  return typeof o.eventName === 'string' && typeof o.eventSource === 'string' && (o.eventVersion !== undefined || o.awsRegion !== undefined);
}

const AUTH_EVENTS = new Set(['ConsoleLogin', 'GetSessionToken', 'GetFederationToken', 'AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'CheckMfa', 'SwitchRole', 'ExitRole', 'GetSigninToken']);

export function parseCloudTrailRecord(o: Record<string, unknown>): ParsedLine {
  const f: Fields = {};
  flattenInto(f, o, FIELD_PREFIX.cloudtrail.slice(0, -1));
  f[F.cloudProvider] = 'aws';
  const region = str(o.awsRegion);
  if (region) f[F.cloudRegion] = region;
  const account = str(o.recipientAccountId) ?? str(at(o, 'userIdentity.accountId'));
  if (account) f[F.cloudAccountId] = account;
  const src = str(o.sourceIPAddress);
  if (src) f[isIp(src) ? F.sourceIp : F.sourceAddress] = src;
  const ua = str(o.userAgent);
  if (ua) f[F.userAgentOriginal] = ua;
  const type = str(at(o, 'userIdentity.type'));
  const arn = str(at(o, 'userIdentity.arn'));
  const user =
    str(at(o, 'userIdentity.userName')) ??
    str(at(o, 'userIdentity.sessionContext.sessionIssuer.userName')) ??
    (type === 'Root' ? 'root' : undefined) ??
    (arn ? arn.slice(arn.lastIndexOf('/') + 1) : undefined) ??
    str(at(o, 'userIdentity.invokedBy'));
  if (user) f[F.userName] = user;
  const principal = str(at(o, 'userIdentity.principalId'));
  if (principal) f[F.userId] = principal;
  const action = str(o.eventName) as string;
  f[F.eventAction] = action;
  const provider = str(o.eventSource) as string;
  f[F.eventProvider] = provider;
  f[F.cloudServiceName] = provider.split('.')[0] as string;
  const id = str(o.eventID);
  if (id) f[F.eventId] = id;
  const errorCode = str(o.errorCode);
  const errorMessage = str(o.errorMessage);
  if (errorCode) f[F.errorCode] = errorCode;
  if (errorMessage) f[F.errorMessage] = errorMessage;
  const login = str(at(o, 'responseElements.ConsoleLogin'));
  f[F.eventOutcome] = login ? (login === 'Success' ? 'success' : 'failure') : errorCode ? 'failure' : 'success';
  f[F.eventCategory] = AUTH_EVENTS.has(action) ? 'authentication' : provider.startsWith('iam.') ? 'iam' : str(o.eventType) === 'AwsConsoleSignIn' ? 'authentication' : 'configuration';
  f[F.eventKind] = 'event';
  const out: ParsedLine = { parser: CLOUDTRAIL, fields: f };
  const t = Date.parse(str(o.eventTime) ?? '');
  if (!Number.isNaN(t)) out.time = t;
  return out;
}

/** Splits a CloudTrail log file (`{"Records":[…]}`) into one JSON line per record, for the
 *  line-oriented pipeline. Throws with a clear reason when the text is not such a file. */
export function splitCloudTrailRecords(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`not a CloudTrail file: invalid JSON (${(err as Error).message})`, { cause: err });
  }
  const records = doc !== null && typeof doc === 'object' ? (doc as { Records?: unknown }).Records : undefined;
  if (!Array.isArray(records)) throw new Error('not a CloudTrail file: no "Records" array at the top level');
  return records.map((r) => JSON.stringify(r));
}
