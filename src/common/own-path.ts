/**
 * The value at a dotted path (`agent.team`) through own properties only, so `constructor` or
 * `__proto__` in a CRM's payload never reach the prototype. Undefined when any step is missing.
 */
export function readOwnPath(root: unknown, path: string): unknown {
  let current = root;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key))
      return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
