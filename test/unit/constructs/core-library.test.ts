import { chooseCoreLibrary, core, coreLibraryName } from "../../../src/constructs/cdk-core";

/** A resolver that knows only `installed`, throwing for anything else as `require.resolve` does. */
function resolverOf(...installed: string[]): (name: string) => string {
  return (name) => {
    if (!installed.includes(name)) throw Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
    return `/app/node_modules/${name}/lib/index.js`;
  };
}

describe("the core library the constructs extend", () => {
  test("is cdktn when the app has cdktn, also when cdktf is installed too", () => {
    expect(chooseCoreLibrary(resolverOf("cdktn"))).toEqual({ name: "cdktn", path: "/app/node_modules/cdktn/lib/index.js" });
    expect(chooseCoreLibrary(resolverOf("cdktf", "cdktn")).name).toBe("cdktn");
  });

  test("is cdktf when the app has only cdktf", () => {
    expect(chooseCoreLibrary(resolverOf("cdktf"))).toEqual({ name: "cdktf", path: "/app/node_modules/cdktf/lib/index.js" });
  });

  test("missing, names both packages to install", () => {
    expect(() => chooseCoreLibrary(resolverOf())).toThrow(/npm install cdktn.*npm install cdktf/);
  });

  test("in this repository, whose stacks use cdktf, is the very module the stacks import", () => {
    expect(coreLibraryName).toBe("cdktf");
    // The same object: the constructs and the stacks share one copy of cdktf.
    expect(core).toBe(jest.requireActual("cdktf"));
  });
});
