// Writes src/plugin/protocol/tfplugin6.ts from the vendored tfplugin6.proto:
//   npx ts-node --transpile-only scripts/generate-tfplugin6.ts
import { writeFileSync } from "node:fs";
import { generateTfplugin6Source, TABLE_PATH } from "./tfplugin6/generate";

writeFileSync(TABLE_PATH, generateTfplugin6Source());
process.stdout.write(`wrote ${TABLE_PATH}\n`);
