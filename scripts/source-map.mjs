// Shared by scripts/check-packages.mjs and scripts/e2e-publish.mjs: what makes a published source map
// acceptable. A map that carries the text of every source it names is useful on its own (a bundle's map,
// dist/index.js.map); one that only names sources the package does not ship is not.

/** Whether a source map (its JSON text) carries the text of every source it names. */
export function selfContainedMap(text) {
  try {
    const map = JSON.parse(text);
    const content = map.sourcesContent ?? [];
    return map.sources.length > 0 && map.sources.every((_, k) => typeof content[k] === 'string');
  } catch {
    return false;
  }
}
