import type { CtyType } from "../../schema/cty-type";
import type { ValidationIssue } from "../../schema/types";
import { DiagnosticSeverity, type AttributePath, type AttributePathStep, type Diagnostic } from "../protocol/tfplugin6";
import { CtyValueError } from "../cty";
import { AttributeError, PartialStateError } from "./definition";
import { describeThrown, HookError } from "./hook-call";

/**
 * Converts the framework's issues to protocol diagnostics. `type` is the block's object type; it
 * tells attribute names from map keys along each issue's path.
 */
export function toDiagnostics(issues: readonly ValidationIssue[], type: CtyType): Diagnostic[] {
  return issues.map((issue) => {
    const steps = toAttributePath(issue.path, type).steps;
    return {
      // Never the proto default INVALID (0), which fails nothing.
      severity: issue.severity === "warning" ? DiagnosticSeverity.WARNING : DiagnosticSeverity.ERROR,
      summary: issue.summary,
      detail: issue.detail ?? "",
      ...(steps.length > 0 ? { attribute: { steps } } : {}),
    };
  });
}

/**
 * Object attributes become `attribute_name` steps, map keys `element_key_string`, list and tuple
 * indices `element_key_int`. The path stops at a set or dynamic value, whose elements the
 * engine cannot address, and at any step that does not fit the type.
 */
export function toAttributePath(path: readonly (string | number)[], type: CtyType): Required<AttributePath> {
  const steps: AttributePathStep[] = [];
  let current: CtyType | undefined = type;
  for (const step of path) {
    if (current === undefined || typeof current === "string") break;
    const [kind, inner]: readonly [string, unknown, ...unknown[]] = current;
    if (kind === "object" && typeof step === "string") {
      steps.push({ attribute_name: step });
      current = (inner as Record<string, CtyType>)[step];
    } else if (kind === "map" && typeof step === "string") {
      steps.push({ element_key_string: step });
      current = inner as CtyType;
    } else if (kind === "list" && typeof step === "number") {
      steps.push({ element_key_int: step });
      current = inner as CtyType;
    } else if (kind === "tuple" && typeof step === "number") {
      steps.push({ element_key_int: step });
      current = (inner as CtyType[])[step];
    } else {
      break;
    }
  }
  return { steps };
}

/**
 * Turns a thrown error into an issue: summary is the first line of the message, detail the rest;
 * an AttributeError, or a value that does not fit its type, points at its attribute. An error
 * from a hook also names the resource type and the hook.
 * Messages are the only thing shown: errors raised by API clients are secret-free by design, and
 * stacks or causes (which may hold request data) are never included.
 */
export function errorToIssue(error: unknown): ValidationIssue {
  const reported = error instanceof PartialStateError ? error.cause : error;
  const thrown = reported instanceof HookError ? reported.cause : reported;
  const [first, ...rest] = describeThrown(thrown).split("\n");
  const origin = reported instanceof HookError ? `Raised by the ${reported.hook} hook of ${reported.typeName}.` : undefined;
  const detail = [rest.join("\n").trim(), origin].filter((part) => part !== undefined && part !== "").join("\n\n");
  return {
    path: thrown instanceof AttributeError ? thrown.attributePath : thrown instanceof CtyValueError ? thrown.path : [],
    summary: first.trim() === "" ? "Unexpected error" : first,
    ...(detail === "" ? {} : { detail }),
  };
}

/** An error the framework raises itself when a resource breaks the engine's rules. */
export function providerBug(summary: string, detail: string, path: readonly (string | number)[] = []): ValidationIssue {
  return {
    path,
    summary,
    detail: `${detail}\n\nThis is a bug in the provider; please report it.`,
  };
}
