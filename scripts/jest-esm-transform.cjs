// Jest (on Node 20) cannot require ES modules, but the test plumbing imports the plain-ESM build
// scripts. This transform turns them into CommonJS for jest only; Node still runs them as ESM.
const { transformSync } = require("esbuild");
const { pathToFileURL } = require("node:url");

module.exports = {
  /** @param {string} source @param {string} filename */
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: "js",
      format: "cjs",
      target: "node20",
      sourcefile: filename,
      sourcemap: "external",
      // CommonJS has no import.meta; the module's own file URL is what it means.
      define: { "import.meta.url": JSON.stringify(pathToFileURL(filename).href) },
    });
    return { code, map };
  },
};
