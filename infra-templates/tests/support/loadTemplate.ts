import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';

/** A CloudFormation template as plain data, with every short-form tag (`!Sub`) in its long form (`Fn::Sub`). */
export interface Template {
  Parameters?: Record<string, Parameter>;
  Conditions?: Record<string, unknown>;
  Rules?: Record<string, { RuleCondition?: unknown; Assertions: { Assert: unknown }[] }>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** One declared parameter. */
export interface Parameter {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: number;
  NoEcho?: boolean;
}

/** One resource of a template; `Properties` stay loosely typed because each test reads the few it asserts. */
export interface Resource {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  // biome-ignore lint/suspicious/noExplicitAny: template properties are arbitrary JSON read by the assertions
  Properties: Record<string, any>;
}

/** The template was found but is not a CloudFormation template (no `Resources`). */
export class NotATemplateError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotATemplateError';
  }
}

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'Not',
  'Or',
];

/** `!Ref x` -> `{ Ref: x }`, `!Condition c` -> `{ Condition: c }`, `!GetAtt a.b` -> `{ 'Fn::GetAtt': ['a', 'b'] }`. */
function cloudFormationTags(): Tags {
  const longName = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
  const scalar = (name: string) => ({
    tag: `!${name}`,
    resolve: (value: string) =>
      name === 'GetAtt' ? { 'Fn::GetAtt': value.split(/\.(.*)/s, 2) } : { [longName(name)]: value },
  });
  const collection = (name: string, kind: 'seq' | 'map') => ({
    tag: `!${name}`,
    collection: kind,
    resolve: (node: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [longName(name)]: node.toJSON() }),
  });
  return ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => [
    scalar(name),
    collection(name, 'seq'),
    collection(name, 'map'),
  ]);
}

/**
 * Reads a template of this folder (path relative to `infra-templates/`).
 *
 * @example
 * const template = loadTemplate('chat-logs/kms-key.yaml');
 * template.Resources.ChatLogKey?.Properties.KeyPolicy;
 */
export function loadTemplate(relativePath: string): Template {
  const path = fileURLToPath(new URL(`../../${relativePath}`, import.meta.url));
  const template = parse(readFileSync(path, 'utf8'), { customTags: cloudFormationTags() }) as Template;
  if (!template?.Resources) throw new NotATemplateError(`${relativePath} has no Resources section`);
  return template;
}

/**
 * The resource of that logical id, or a failed assertion naming what is missing.
 *
 * @example
 * const key = resource(loadTemplate('chat-logs/kms-key.yaml'), 'ChatLogKey');
 */
export function resource(template: Template, logicalId: string): Resource {
  const found = template.Resources[logicalId];
  if (!found) throw new NotATemplateError(`no resource ${logicalId}`);
  return found;
}

/**
 * Every resource of one type, keyed by logical id.
 *
 * @example
 * const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
 */
export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}