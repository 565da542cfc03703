/** Where a lightweight web object keeps the undici object it builds on demand. @internal */
export const real = Symbol('undici object');

/**
 * Makes `proto` a web `Request`/`Response`/`Headers` prototype: every member that neither `proto` nor the instances (`own`)
 * define is answered by the undici object `materialise` builds on first use, and `instanceof` holds.
 */
export function delegateTo(
  proto: object,
  web: object,
  own: readonly string[],
  materialise: (self: never) => object,
): void {
  for (const name of Reflect.ownKeys(web)) {
    if (name === 'constructor' || Object.hasOwn(proto, name) || own.includes(name as string)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(web, name) as PropertyDescriptor;
    if (typeof descriptor.value === 'function') {
      Object.defineProperty(proto, name, {
        configurable: true,
        writable: true,
        value(this: never, ...args: unknown[]) {
          const target = materialise(this) as Record<PropertyKey, (...a: unknown[]) => unknown>;
          return target[name]!(...args);
        },
      });
    } else if (descriptor.get) {
      Object.defineProperty(proto, name, {
        configurable: true,
        get(this: never) {
          return (materialise(this) as Record<PropertyKey, unknown>)[name];
        },
      });
    } else Object.defineProperty(proto, name, descriptor);
  }
  Object.setPrototypeOf(proto, web);
}
