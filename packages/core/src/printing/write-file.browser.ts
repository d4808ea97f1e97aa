/**
 * The browser variant of `write-file.ts` (core's package.json maps `#write-file` here outside Node): a page has
 * no file system, so `pydotprint({ outfile })` says so and `pydotprint` without `outfile` returns the text.
 */

/** Null: there is no file system to write to. */
export const writeTextFile: ((path: string, text: string) => Promise<void>) | null = null;
