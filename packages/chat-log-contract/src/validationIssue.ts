import type * as z from 'zod/mini';

/** The first problem zod found, said in words a caller can act on, with the field it is about. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `messages.2.role`; `body` when the input as a whole is wrong. */
  field: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

function describe(issue: Issue, field: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${field} is required` : `${field} must be a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `${field} must have at least ${issue.minimum} ${issue.origin === 'string' ? 'character(s)' : 'item(s)'}`
        : `${field} must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `${field} must have at most ${issue.maximum} ${issue.origin === 'string' ? 'character(s)' : 'item(s)'}`
        : `${field} must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${field} is not one of the accepted forms`;
    case 'invalid_format':
      return `${field} is not a valid ${issue.format === 'regex' ? 'value' : issue.format}`;
    case 'unrecognized_keys':
      return `${field} has unknown key(s): ${issue.keys.join(', ')}`;
    default:
      return `${field} is invalid`;
  }
}

/**
 * Turns a zod error into one actionable issue (the first), naming the field.
 * @internal
 */
export function firstIssue(error: z.core.$ZodError): ValidationIssue {
  const issue = error.issues[0];
  if (!issue) return { field: 'body', message: 'body is invalid' };
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
  return { field, message: describe(issue, field) };
}
