// What `node:fs/promises` is in the page: core's pydotprint imports it only to write `outfile`, which a
// page cannot do; the playground asks pydotprint for the SVG text instead.
export async function writeFile(path: string): Promise<never> {
  throw new Error(`pydotprint: cannot write ${path} in a browser; call it without outfile to get the SVG text`);
}
