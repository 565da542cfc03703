import type { Template } from './loadTemplate.ts';

/** Values given to the template's parameters, as strings (a list parameter is comma-separated, as on the CLI). */
export type ParameterValues = Record<string, string>;

/** An intrinsic function the resolver does not know, or a parameter without a value. */
export class UnresolvableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnresolvableError';
  }
}

const NO_VALUE = Symbol('AWS::NoValue');
const PSEUDO: Record<string, string> = {
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'eu-west-1',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::StackId':
    'arn:aws:cloudformation:eu-west-1:123456789012:stack/stack/00000000-0000-0000-0000-000000000000',
};

/**
 * Evaluates a template's intrinsic functions for one set of parameter values, the way CloudFormation would:
 * `Ref` to a parameter, pseudo parameters, `Fn::Sub`, `Fn::Join`, `Fn::If` with its conditions, `Fn::Select`,
 * `Fn::Split`. What only exists after deployment stays symbolic: `Ref` to a resource gives `<LogicalId>`,
 * `Fn::GetAtt` gives `<LogicalId.Attribute>`, `Fn::ImportValue` gives `<import:name>`.
 *
 * @example
 * const resolve = resolverFor(template, { TrailBucketName: 'trail' });
 * resolve(template.Resources.Table?.Properties); // plain strings and arrays only
 */
export function resolverFor(template: Template, given: ParameterValues): (value: unknown) => unknown {
  const parameter = (name: string): unknown => {
    const declared = template.Parameters?.[name];
    if (!declared) return undefined;
    const raw = given[name] ?? declared.Default;
    if (raw === undefined) throw new UnresolvableError(`parameter ${name} has no value and no default`);
    return declared.Type.startsWith('List<') || declared.Type === 'CommaDelimitedList'
      ? String(raw).split(',')
      : String(raw);
  };
  const ref = (name: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in PSEUDO) return PSEUDO[name];
    return parameter(name) ?? `<${name}>`;
  };
  const condition = (name: string): boolean => {
    const body = template.Conditions?.[name];
    if (body === undefined) throw new UnresolvableError(`no condition ${name}`);
    return Boolean(resolve(body));
  };
  const sub = (text: string, vars: Record<string, unknown>): string =>
    text.replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in vars) return String(resolve(vars[name]));
      if (name.includes('.')) return `<${name}>`;
      return String(ref(name));
    });

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined) {
      // biome-ignore lint/suspicious/noExplicitAny: intrinsic arguments are shaped by the function name
      const a = arg as any;
      switch (key) {
        case 'Ref':
          return ref(a);
        case 'Condition':
          return condition(a);
        case 'Fn::Sub':
          return typeof a === 'string' ? sub(a, {}) : sub(a[0], a[1]);
        case 'Fn::Join':
          return (resolve(a[1]) as unknown[]).join(a[0]);
        case 'Fn::If':
          return condition(a[0]) ? resolve(a[1]) : resolve(a[2]);
        case 'Fn::Select':
          return (resolve(a[1]) as unknown[])[Number(resolve(a[0]))];
        case 'Fn::Split':
          return String(resolve(a[1])).split(a[0]);
        case 'Fn::Equals':
          return resolve(a[0]) === resolve(a[1]);
        case 'Fn::Not':
          return !resolve(a[0]);
        case 'Fn::And':
          return (a as unknown[]).every((c) => resolve(c));
        case 'Fn::Or':
          return (a as unknown[]).some((c) => resolve(c));
        case 'Fn::GetAtt':
          return `<${(a as string[]).join('.')}>`;
        case 'Fn::ImportValue':
          return `<import:${resolve(a)}>`;
        default:
          if (key.startsWith('Fn::'))
            throw new UnresolvableError(`${key} is not supported by the test resolver`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = resolve(v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }
  return resolve;
}

/**
 * Whether a resource with a `Condition` is created for these parameter values.
 *
 * @example
 * isCreated(template, 'McpFunctionUrlPermission', { FunctionUrlAuthType: 'AWS_IAM' }); // false
 */
export function isCreated(template: Template, logicalId: string, given: ParameterValues): boolean {
  const name = template.Resources[logicalId]?.Condition;
  if (name === undefined) return logicalId in template.Resources;
  return Boolean(resolverFor(template, given)({ Condition: name }));
}