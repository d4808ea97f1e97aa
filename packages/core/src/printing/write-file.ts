/**
 * How `pydotprint({ outfile })` writes its file where there is a file system (Node, Deno, Bun): core's
 * package.json maps the import `#write-file` here under the `node` condition, and to `write-file.browser.ts`
 * everywhere else, so that a bundler building for a browser never meets `node:fs`.
 */
import { writeFile } from 'node:fs/promises';

/** Writes `text` to the file `path` (UTF-8), or null where there is no file system (the browser variant). */
export const writeTextFile: ((path: string, text: string) => Promise<void>) | null = (path, text) =>
  writeFile(path, text, 'utf8');
