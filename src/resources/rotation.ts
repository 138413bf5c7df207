import type { ValidationIssue } from "../schema/types";
import { parseDuration } from "../schema/validators";
import { UNKNOWN, type CtyObject } from "../plugin/cty/values";
import type { PrivateState } from "../plugin/framework/definition";
import { supersedingTokenId } from "./singleton";
import { knownString, parseTimestamp, sameInstant } from "./token-state";

/**
 * When an existing token must be replaced, and how that is planned. Rotation is decided at plan
 * time from the refreshed state and the wall clock, so that `terraform plan` shows it with its
 * reason; there is no `time_rotating` resource to add and no flag to flip.
 *
 * Mechanism: the token's id, secret and creation time are planned unknown and `id` is named in
 * `requiresReplace`. The engine replaces an instance only when a requires-replace attribute
 * differs between prior and planned state, and a known value differs from an unknown one.
 */

/** HCP Terraform's expiry for a token created without `expired-at`. Used for warnings only. */
export const DEFAULT_TOKEN_LIFETIME_MS = 2 * 365 * 86_400_000;

/** Why a token is being replaced, shown to the user as a warning on the plan. */
export interface ReplacementReason {
  readonly summary: string;
  readonly detail: string;
}

/** What the rotation rules say about one existing token at one moment. */
export interface RotationAssessment {
  /** Set when the token must be replaced now. */
  readonly replacement?: ReplacementReason;
  /** Things the user should know even when nothing is replaced. */
  readonly warnings: readonly ValidationIssue[];
}

/** The inputs of the rotation rules: the stored token's times and the configured policy. */
export interface RotationInputs {
  readonly now: Date;
  /** The token's id, for messages. */
  readonly tokenId: string;
  readonly createdAt?: string;
  readonly expiredAt?: string;
  readonly rotateAfter?: string;
  readonly renewBefore?: string;
  /** `expired_at` is set in the configuration, so a replacement gets the same expiry. */
  readonly expiryConfigured: boolean;
}

/**
 * Applies the rules in order of urgency: the token has expired; it is older than `rotate_after`;
 * its expiry is within `renew_before`.
 */
export function assessRotation(inputs: RotationInputs): RotationAssessment {
  const { now, tokenId } = inputs;
  const createdAt = inputs.createdAt === undefined ? undefined : parseTimestamp(inputs.createdAt);
  const expiredAt = inputs.expiredAt === undefined ? undefined : parseTimestamp(inputs.expiredAt);
  const rotateAfterMs = inputs.rotateAfter === undefined ? undefined : parseDuration(inputs.rotateAfter);
  const renewBeforeMs = inputs.renewBefore === undefined ? undefined : parseDuration(inputs.renewBefore);
  const nowText = now.toISOString();

  if (expiredAt && now.getTime() >= expiredAt.getTime()) {
    return {
      replacement: {
        summary: `Replacing token ${tokenId}: it expired at ${expiredAt.toISOString()}`,
        detail: `The token expired at ${expiredAt.toISOString()} (now ${nowText}); an expired token no longer authenticates, so a new one is created.`,
      },
      warnings: [],
    };
  }
  if (createdAt && rotateAfterMs !== undefined) {
    const dueAt = new Date(createdAt.getTime() + rotateAfterMs);
    if (now.getTime() >= dueAt.getTime()) {
      return {
        replacement: {
          summary: `Replacing token ${tokenId}: rotate_after (${inputs.rotateAfter}) has elapsed`,
          detail:
            `rotate_after = "${inputs.rotateAfter}": the token was created at ${createdAt.toISOString()}, ` +
            `so it was due for rotation at ${dueAt.toISOString()} (now ${nowText}).`,
        },
        warnings: [],
      };
    }
  }
  if (expiredAt && renewBeforeMs !== undefined) {
    const dueAt = new Date(expiredAt.getTime() - renewBeforeMs);
    if (now.getTime() >= dueAt.getTime()) {
      const window =
        `renew_before = "${inputs.renewBefore}": the token expires at ${expiredAt.toISOString()}, ` +
        `so it was due for renewal at ${dueAt.toISOString()} (now ${nowText}).`;
      if (inputs.expiryConfigured) {
        return {
          warnings: [
            {
              path: ["expired_at"],
              severity: "warning",
              summary: `Token ${tokenId} is due for renewal but expired_at is fixed`,
              detail: `${window} A replacement would expire at the same configured expired_at, so none is planned; set a later expired_at to renew the token.`,
            },
          ],
        };
      }
      return {
        replacement: { summary: `Replacing token ${tokenId}: its expiry is within renew_before (${inputs.renewBefore})`, detail: window },
        warnings: [],
      };
    }
  }
  return { warnings: [] };
}

/** What {@link planTokenChange} says: the plan (with `planned`'s type), a replacement and why. */
export interface TokenPlanChange<Planned> {
  readonly planned: Planned;
  readonly requiresReplace?: readonly "id"[];
  readonly diagnostics: readonly ValidationIssue[];
}

/** Options of {@link planTokenChange} that differ between token resources. */
export interface TokenPlanOptions {
  readonly now: Date;
  /** Planned values for resource-specific computed attributes when the token is replaced. */
  readonly recomputedOnReplace?: CtyObject;
  /** Explains what a replacement of a superseded singleton token takes (e.g. `force_regenerate`). */
  readonly supersededAdvice?: (supersedingId: string, config: CtyObject) => string;
}

/**
 * The plan modification shared by the token resources for an existing token: keeps the stored
 * `expired_at` text when the configuration names the same instant, and replaces the token when
 * it was regenerated outside Terraform or a rotation rule makes it due.
 */
export function planTokenChange<Planned extends CtyObject>(
  request: { readonly prior: CtyObject; readonly planned: Planned; readonly config: CtyObject; readonly priorPrivate: PrivateState | undefined },
  options: TokenPlanOptions,
): TokenPlanChange<Planned> {
  const { prior, config } = request;
  let planned = request.planned;
  const configuredExpiry = knownString(config, "expired_at");
  const priorExpiry = knownString(prior, "expired_at");
  if (configuredExpiry !== undefined && priorExpiry !== undefined && sameInstant(configuredExpiry, priorExpiry)) {
    planned = { ...planned, expired_at: priorExpiry };
  }
  const tokenId = knownString(prior, "id") ?? "(unknown id)";
  const superseding = supersedingTokenId(request.priorPrivate);
  if (superseding !== undefined) {
    const advice = options.supersededAdvice?.(superseding, config) ?? "";
    return replaceToken(planned, options, {
      summary: `Token ${tokenId} was regenerated outside Terraform; the secret in state no longer works`,
      detail: `HCP Terraform now holds token ${superseding} in its place, which this configuration did not create. A new token is planned.${advice ? ` ${advice}` : ""}`,
    });
  }
  const assessment = assessRotation({
    now: options.now,
    tokenId,
    createdAt: knownString(prior, "created_at"),
    expiredAt: priorExpiry,
    rotateAfter: knownString(config, "rotate_after"),
    renewBefore: knownString(config, "renew_before"),
    expiryConfigured: config.expired_at !== null && config.expired_at !== undefined,
  });
  if (assessment.replacement) return replaceToken(planned, options, assessment.replacement);
  return { planned, diagnostics: assessment.warnings };
}

function replaceToken<Planned extends CtyObject>(planned: Planned, options: TokenPlanOptions, reason: ReplacementReason): TokenPlanChange<Planned> {
  // expired_at stays as planned: the engine plans the new object afresh, and an unknown here
  // would also list expired_at among the causes of the replacement.
  return {
    planned: { ...planned, id: UNKNOWN, token: UNKNOWN, created_at: UNKNOWN, ...options.recomputedOnReplace },
    requiresReplace: ["id"],
    diagnostics: [{ path: [], severity: "warning", summary: reason.summary, detail: reason.detail }],
  };
}

/**
 * Cross-attribute checks of the rotation policy at validate time (zero API calls): a
 * `renew_before` at least as long as the token's whole life would replace it at every plan.
 */
export function validateRotationPolicy(config: CtyObject, now: number = Date.now()): ValidationIssue[] {
  const renewBefore = knownString(config, "renew_before");
  const renewBeforeMs = renewBefore === undefined ? undefined : parseDuration(renewBefore);
  if (renewBeforeMs === undefined || renewBeforeMs <= 0) return [];
  const expiredAtText = knownString(config, "expired_at");
  if (config.expired_at !== null && config.expired_at !== undefined && expiredAtText === undefined) return [];
  const expiredAt = expiredAtText === undefined ? undefined : parseTimestamp(expiredAtText);
  if (expiredAtText !== undefined && expiredAt === undefined) return [];
  const lifetimeMs = expiredAt === undefined ? DEFAULT_TOKEN_LIFETIME_MS : expiredAt.getTime() - now;
  if (renewBeforeMs < lifetimeMs) return [];
  const lifetime =
    expiredAt === undefined
      ? "HCP Terraform's default lifetime of two years"
      : `the time left until expired_at (${expiredAt.toISOString()})`;
  return [
    {
      path: ["renew_before"],
      severity: "warning",
      summary: `renew_before (${renewBefore}) is not shorter than the token's lifetime`,
      detail: `renew_before = "${renewBefore}" is at least ${lifetime}, so the token would be due for renewal as soon as it exists.`,
    },
  ];
}
