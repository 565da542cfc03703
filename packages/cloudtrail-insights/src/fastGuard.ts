import type { z } from 'zod';

/** A predicate that is true only for values the schema certainly accepts unchanged. @internal */
export type FastGuard = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: unknown[];
  innerType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  shape?: Record<string, { _zod: { def: Def } }>;
  catchall?: { _zod: { def: Def } };
}

/**
 * Plain objects only (as `JSON.parse` makes them): zod copies other objects (a `Date`, a class instance) into new
 * plain ones, so using them as they are would not be what the schema outputs. Arrays have another prototype.
 */
function isPlainObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function compile(def: Def): FastGuard | undefined {
  if (def.checks && def.checks.length > 0) return undefined;
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
      return () => true;
    case 'optional': {
      const inner = def.innerType && compile(def.innerType._zod.def);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'nullable': {
      const inner = def.innerType && compile(def.innerType._zod.def);
      return inner && ((v) => v === null || inner(v));
    }
    case 'union': {
      const options = (def.options ?? []).map((o) => compile(o._zod.def));
      if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
      const guards = options as FastGuard[];
      return (v) => guards.some((g) => g(v));
    }
    case 'object': {
      // Only loose objects: their output is the input, so the input can be used as is.
      if (def.catchall?._zod.def.type !== 'unknown' || !def.shape) return undefined;
      const fields: [string, FastGuard][] = [];
      for (const [key, schema] of Object.entries(def.shape)) {
        const guard = compile(schema._zod.def);
        if (!guard) return undefined;
        fields.push([key, guard]);
      }
      return (v) => {
        if (!isPlainObject(v)) return false;
        const o = v as Record<string, unknown>;
        for (const [key, guard] of fields) if (!guard(o[key])) return false;
        return true;
      };
    }
    default:
      return undefined;
  }
}

/**
 * The same checks as {@link compile}, emitted as one straight-line JavaScript expression (no closures, no loops,
 * each field read once) so V8 can optimise the whole guard as one function. `undefined` where {@link compile}
 * would decline. `v` is the expression of the value; `fresh` names temporaries.
 */
function emit(def: Def, v: string, fresh: () => string, out: string[]): string | undefined {
  if (def.checks && def.checks.length > 0) return undefined;
  switch (def.type) {
    case 'string':
      return `typeof ${v} === 'string'`;
    case 'boolean':
      return `typeof ${v} === 'boolean'`;
    case 'unknown':
      return 'true';
    case 'optional': {
      const inner = def.innerType && emit(def.innerType._zod.def, v, fresh, out);
      return inner && `(${v} === undefined || ${inner})`;
    }
    case 'nullable': {
      const inner = def.innerType && emit(def.innerType._zod.def, v, fresh, out);
      return inner && `(${v} === null || ${inner})`;
    }
    case 'union': {
      const options = (def.options ?? []).map((o) => emit(o._zod.def, v, fresh, out));
      if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
      return `(${options.join(' || ')})`;
    }
    case 'object': {
      if (def.catchall?._zod.def.type !== 'unknown' || !def.shape) return undefined;
      // A nested object gets its own checker function: reads of its fields stay local to it.
      const name = fresh();
      const body: string[] = [];
      for (const [key, schema] of Object.entries(def.shape)) {
        const local = fresh();
        const check = emit(schema._zod.def, local, fresh, out);
        if (check === undefined) return undefined;
        if (check === 'true') continue;
        body.push(`  const ${local} = o[${JSON.stringify(key)}];`, `  if (!(${check})) return false;`);
      }
      out.push(
        `function ${name}(o) {`,
        "  if (typeof o !== 'object' || o === null) return false;",
        '  const p = Object.getPrototypeOf(o);',
        '  if (p !== Object.prototype && p !== null) return false;',
        ...body,
        '  return true;',
        '}',
      );
      return `${name}(${v})`;
    }
    default:
      return undefined;
  }
}

/** The guard as generated code, or `undefined` when code generation is unavailable or declined. */
function generate(def: Def): FastGuard | undefined {
  let counter = 0;
  const fresh = () => `g${counter++}`;
  const out: string[] = [];
  const root = emit(def, 'value', fresh, out);
  if (root === undefined) return undefined;
  try {
    // Only field names of the schema (JSON-quoted) end up in the source: no input data is ever evaluated.
    return new Function(
      `${out.join('\n')}\nreturn function fastGuard(value) { return ${root}; };`,
    )() as FastGuard;
  } catch {
    return undefined; // e.g. --disallow-code-generation-from-strings: the closures below do the same checks
  }
}

/**
 * Derives a fast accept-only check from a zod schema (loose objects of strings, booleans, optionals, nullables,
 * unions), so hot paths can skip zod's copy for the common, valid record while zod stays the single source of
 * truth: anything the guard does not accept goes through the schema itself. The check is generated as plain
 * JavaScript from the schema's definition (closures when code generation is not allowed). Returns `() => false`
 * for schemas it cannot compile. It reads `schema._zod.def`, the introspection zod 4 documents for library
 * authors (zod.dev/library-authors). zod's own `z.compile` (4.4+) was measured in its place: it builds the output
 * copy this guard avoids, and `parseCloudTrail` + aggregate fell from 234-245k to 186-190k events/s
 * (`bench/cloudtrail-parse.mjs`, 1M records), so the parser keeps this guard; cat-data's cell rules, which have
 * checks this guard declines, use `z.compile`.
 * @internal
 */
export function compileFastGuard(schema: z.ZodType, options: { codegen?: boolean } = {}): FastGuard {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const closures = compile(def);
  if (!closures) return () => false;
  return (options.codegen === false ? undefined : generate(def)) ?? closures;
}
