/**
 * The slice of structured-headers 2.1's API the tests use. The package ships types, but only under
 * its `exports` map, which this project's module resolution (node10, for CommonJS) does not read.
 */
declare module 'structured-headers' {
  type BareItem = string | number | boolean | symbol | ArrayBuffer | Date | { toString(): string };
  /** RFC 9651 List members: an Item (bare item and parameters) or an Inner List. */
  export function parseList(
    input: string,
  ): Array<[BareItem | Array<[BareItem, Map<string, BareItem>]>, Map<string, BareItem>]>;
}
