import type { ValidationIssue } from "../../schema/types";

/** An RPC's outcome before encoding: its diagnostics, collected in order. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  add(...issues: readonly ValidationIssue[]): void {
    this.list.push(...issues);
  }

  get hasErrors(): boolean {
    return this.list.some((issue) => issue.severity !== "warning");
  }
}
