/** The IAM caller that a Function URL with AuthType AWS_IAM puts in `requestContext.authorizer.iam`. */
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

/** What an authenticator gets to look at. */
export interface AuthRequest {
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Set by Lambda only when the Function URL's AuthType is AWS_IAM; callers cannot forge it. */
  iam?: IamCaller | undefined;
}

/**
 * Proves who the caller is and returns the principal whose key prefix it may use. Throws `UnauthorizedError`
 * when it cannot.
 */
export type Authenticator = (request: AuthRequest) => Promise<string>;

/** The token after `Bearer `, or undefined. @internal */
export function bearerToken(headers: AuthRequest['headers']): string | undefined {
  const value = headers.authorization;
  if (value === undefined) return undefined;
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(value);
  return match?.[1];
}
