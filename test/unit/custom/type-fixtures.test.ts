import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/**
 * The typed hooks' promises, checked with the TypeScript compiler: every fixture under
 * test/types/compiles must compile, and every one under test/types/fails must fail with the
 * error its `// expect-error: <text>` comment names, on the line after the comment, and no other.
 */

const TYPES = path.resolve(__dirname, "..", "..", "types");
const fixtures = (folder: string) => fs.readdirSync(path.join(TYPES, folder)).map((file) => path.join(TYPES, folder, file));
const compiling = fixtures("compiles");
const failing = fixtures("fails");

const config = ts.getParsedCommandLineOfConfigFile(path.resolve(TYPES, "..", "..", "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
const program = ts.createProgram([...compiling, ...failing], { ...config!.options, noEmit: true });

/** Each diagnostic of `file` as its 1-based line and flattened message. */
function diagnosticsOf(file: string): { line: number; message: string }[] {
  const source = program.getSourceFile(file)!;
  return [...program.getSemanticDiagnostics(source), ...program.getSyntacticDiagnostics(source)].map((diagnostic) => ({
    line: source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
  }));
}

/** The `// expect-error: <text>` comments of a fixture: the line the error must be on, and its text. */
function expectations(file: string): { line: number; text: string }[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, index) => {
      const match = /\/\/ expect-error: (.+)$/.exec(line);
      return match ? [{ line: index + 2, text: match[1].trim() }] : [];
    });
}

describe("type fixtures", () => {
  test("there are fixtures of both kinds", () => {
    expect(compiling.length).toBeGreaterThanOrEqual(2);
    expect(failing.length).toBeGreaterThanOrEqual(8);
  });

  test.each(compiling.map((file) => [path.basename(file), file]))("%s compiles", (_name, file) => {
    expect(diagnosticsOf(file)).toEqual([]);
  });

  test.each(failing.map((file) => [path.basename(file), file]))("%s fails to compile where it says, and only there", (_name, file) => {
    const expected = expectations(file);
    expect(expected.length).toBeGreaterThan(0);
    const found = diagnosticsOf(file);
    for (const { line, text } of expected) {
      expect(found.filter((diagnostic) => diagnostic.line === line).map((diagnostic) => diagnostic.message).join("\n")).toContain(text);
    }
    expect(found.filter((diagnostic) => !expected.some(({ line }) => line === diagnostic.line))).toEqual([]);
  });
});
