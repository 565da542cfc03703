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
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
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
 * Derives a fast accept-only check from a zod schema (loose objects of strings, booleans, optionals, nullables,
 * unions), so hot paths can skip zod's copy for the common, valid record while zod stays the single source of
 * truth: anything the guard does not accept goes through the schema itself. Returns `() => false` for schemas it
 * cannot compile.
 * @internal
 */
export function compileFastGuard(schema: z.ZodType): FastGuard {
  return compile((schema as unknown as { _zod: { def: Def } })._zod.def) ?? (() => false);
}
