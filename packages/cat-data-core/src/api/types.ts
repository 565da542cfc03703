/** Who is calling: a signed-in Cognito user with groups, or the public (`null`). */
export type Principal = { username: string; groups: readonly string[] } | null;
