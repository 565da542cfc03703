import { BufferedRequest, BufferedResponse } from './BufferedRequest.ts';
import { BadRequestError } from './HttpError.ts';
import { RecordHeaders } from './RecordHeaders.ts';
import { bodyTextOf } from './responses.ts';

/** The IAM caller a Function URL with AuthType AWS_IAM puts in `requestContext.authorizer.iam`. */
export interface IamCaller {
  accountId?: string | undefined;
  userId?: string | undefined;
  userArn?: string | undefined;
  callerId?: string | undefined;
  cognitoIdentity?:
    | { identityId?: string | undefined; identityPoolId?: string | undefined }
    | null
    | undefined;
}

/**
 * The parts of a Lambda HTTP event the edge reads: Function URL and API Gateway HTTP API (payload 2.0), and API
 * Gateway REST API (payload 1.0). Structurally compatible with `LambdaFunctionURLEvent`, `APIGatewayProxyEventV2` and
 * `APIGatewayProxyEvent` from `@types/aws-lambda`.
 */
export interface LambdaHttpEvent {
  version?: string;
  /** 2.0 */
  rawPath?: string;
  rawQueryString?: string;
  cookies?: string[];
  /** 1.0 */
  httpMethod?: string;
  path?: string;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: {
    requestId?: string;
    domainName?: string;
    stage?: string;
    http?: { method?: string; sourceIp?: string };
    identity?: { sourceIp?: string };
    authorizer?: { iam?: IamCaller | null } | null;
  };
}

/** The result Function URLs and API Gateway expect from a buffered handler. */
export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  /** 2.0 only: every `set-cookie` of the response. */
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** The parts of the Lambda context object the edge reads. */
export interface LambdaContextLike {
  awsRequestId?: string;
}

/** What the adapter learnt from the event besides the request. */
export interface EventFacts {
  requestId: string | undefined;
  sourceIp: string | undefined;
  /** Set by Lambda only when the Function URL's AuthType is AWS_IAM; callers cannot forge it. */
  iam: IamCaller | undefined;
}

const PLAIN_HOST = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

function path(event: LambdaHttpEvent): string {
  let p = event.rawPath ?? event.path ?? '/';
  // HTTP APIs with a named stage put it in rawPath.
  const stage = event.requestContext?.stage;
  if (event.version === '2.0' && stage && stage !== '$default' && p.startsWith(`/${stage}/`))
    p = p.slice(stage.length + 1);
  return p.startsWith('/') ? p : `/${p}`;
}

function query(event: LambdaHttpEvent): string {
  if (event.rawQueryString !== undefined) return event.rawQueryString;
  const params = new URLSearchParams();
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) params.append(name, value);
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
      if (value !== undefined) params.append(name, value);
  }
  return params.toString();
}

/**
 * Turns a Function URL / API Gateway v1 or v2 event into a web-standard `Request` (base64 bodies decoded, the
 * stage stripped from HTTP API paths, cookies restored) and the facts only the event knows.
 *
 * @example
 * const { request, facts } = eventToRequest(event);
 */
export function eventToRequest(event: LambdaHttpEvent): { request: Request; facts: EventFacts } {
  try {
    return convert(event);
  } catch (error) {
    // A header value outside Latin-1, a path that is no URL: the caller's fault, answered 400, never a crash.
    throw new BadRequestError('The request has a header or path that is not valid HTTP', { cause: error });
  }
}

function convert(event: LambdaHttpEvent): { request: Request; facts: EventFacts } {
  const method = (event.requestContext?.http?.method ?? event.httpMethod ?? 'GET').toUpperCase();
  // The request reads single headers from the event's own record, without building an undici Headers.
  const headers = new RecordHeaders();
  if (event.multiValueHeaders) {
    for (const name in event.multiValueHeaders)
      for (const value of event.multiValueHeaders[name] ?? []) headers.add(name, value);
  } else if (event.headers) {
    for (const name in event.headers) {
      const value = event.headers[name];
      if (value !== undefined) headers.add(name, value);
    }
  }
  if (event.cookies?.length) headers.add('cookie', event.cookies.join('; '));
  const host = event.requestContext?.domainName ?? headers.get('host') ?? 'lambda.local';
  const q = query(event);
  const url = `https://${host}${path(event)}${q ? `?${q}` : ''}`;
  // With a plain host name the URL always parses: the request parses it when a core first reads `url`.
  const checkUrl = !PLAIN_HOST.test(host);
  const hasBody = event.body !== undefined && event.body !== null && method !== 'GET' && method !== 'HEAD';
  let body = '';
  let byteLength = 0;
  if (hasBody && event.isBase64Encoded) {
    const bytes = Buffer.from(event.body as string, 'base64');
    body = bytes.toString('utf8');
    byteLength = bytes.length;
  } else if (hasBody) {
    body = event.body as string;
    byteLength = Buffer.byteLength(body, 'utf8');
  }
  const request = new BufferedRequest(url, { method, headers }, body, byteLength, checkUrl);
  return {
    request,
    facts: {
      requestId: event.requestContext?.requestId,
      sourceIp: event.requestContext?.http?.sourceIp ?? event.requestContext?.identity?.sourceIp,
      iam: event.requestContext?.authorizer?.iam ?? undefined,
    },
  };
}

const TEXTUAL =
  /^(text\/|application\/(json|javascript|xml|x-ndjson|problem\+json)|image\/svg\+xml)|charset=/i;

/**
 * Turns a `Response` into a buffered Lambda result: text bodies as they are, anything else base64; every
 * `set-cookie` in `cookies` (payload 2.0) and the rest of the headers as a plain record.
 *
 * @example
 * return responseToResult(await core(request, context));
 */
export async function responseToResult(response: Response): Promise<LambdaHttpResult> {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  const plain = response instanceof BufferedResponse ? response.untouchedHeaders : undefined;
  if (plain !== undefined) {
    for (const name in plain) {
      if (name === 'set-cookie') cookies = [plain[name] as string];
      else headers[name] = plain[name] as string;
    }
  } else {
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers[name] = value;
    });
    cookies = response.headers.getSetCookie();
  }
  const known = bodyTextOf(response);
  const result: LambdaHttpResult = { statusCode: response.status, headers, body: '', isBase64Encoded: false };
  if (cookies.length > 0) result.cookies = cookies;
  if (known !== undefined) result.body = known;
  else if (response.body) {
    const bytes = Buffer.from(await response.arrayBuffer());
    if (TEXTUAL.test(response.headers.get('content-type') ?? 'text/plain'))
      result.body = bytes.toString('utf8');
    else {
      result.body = bytes.toString('base64');
      result.isBase64Encoded = true;
    }
  }
  return result;
}
