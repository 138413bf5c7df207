import { isRecord } from "./json-shape";

/** What an API said about a failure, extracted from its error body. */
export interface ApiErrorDescription {
  title?: string;
  detail?: string;
  requestId?: string;
}

const NOT_JSON: ApiErrorDescription = { detail: "the error response body was not valid JSON" };

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * JSON:API `{"errors":[{status,title,detail}]}` (status may be a number or a string), and
 * go-tfe's fallback `{"errors":["message"]}`. Several errors (e.g. validations) are joined.
 */
function describeJsonApiErrors(errors: unknown[]): ApiErrorDescription {
  let title: string | undefined;
  const details: string[] = [];
  for (const entry of errors) {
    if (typeof entry === "string") {
      if (entry.trim() !== "") details.push(entry);
    } else if (isRecord(entry)) {
      title ??= nonEmptyString(entry.title);
      const detail = nonEmptyString(entry.detail);
      if (detail) details.push(detail);
    }
  }
  return { title, detail: details.length > 0 ? details.join("; ") : undefined };
}

/** Infisical's 422 carries zod issues instead of a message: render them as `path: message; ...`. */
function describeZodIssues(issues: unknown[]): string | undefined {
  const rendered = issues.filter(isRecord).map((issue) => {
    const path = Array.isArray(issue.path) ? issue.path.map(String).join(".") : "";
    const message = nonEmptyString(issue.message) ?? "invalid";
    return path === "" ? message : `${path}: ${message}`;
  });
  return rendered.length > 0 ? rendered.join("; ") : undefined;
}

/** Infisical's `{statusCode, message, error, reqId}`. */
function describeInfisicalError(body: Record<string, unknown>): ApiErrorDescription {
  const detail = Array.isArray(body.message) ? describeZodIssues(body.message) : nonEmptyString(body.message);
  return { title: nonEmptyString(body.error), detail, requestId: nonEmptyString(body.reqId) };
}

/**
 * Extracts title, detail and request id from an error response body of either API. Never
 * returns the body itself: an unrecognised or non-JSON body yields only a note saying so.
 */
export function describeErrorBody(text: string): ApiErrorDescription {
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  if (!isRecord(body)) return {};
  if (Array.isArray(body.errors)) return describeJsonApiErrors(body.errors);
  return describeInfisicalError(body);
}
