import { attribute } from "../../custom/attribute";
import { resourceSchema } from "../../custom/define-resource";
import type { AttributeValidator } from "../../schema/types";
import { lengthBetween, teamId } from "../../schema/validators";
import { expiredAtAttribute, forceRegenerateAttribute, rotationAttributes, tokenOutputAttributes } from "./token-attributes";

/** The reserved text that starts the marker suffix of a stored description: ` (tokenhooks:<marker>)`. */
export const MARKER_TAG = "tokenhooks:";
/** Characters in a marker. */
export const MARKER_LENGTH = 8;
/** Upper bound assumed for a stored description (the API's limit is undocumented; 255 is the common column size). */
export const REMOTE_DESCRIPTION_MAX_LENGTH = 255;
/** ` (tokenhooks:xxxxxxxx)` */
const MARKER_SUFFIX_LENGTH = ` (${MARKER_TAG})`.length + MARKER_LENGTH;
/** What is left for `description` after the marker suffix. */
export const DESCRIPTION_MAX_LENGTH = REMOTE_DESCRIPTION_MAX_LENGTH - MARKER_SUFFIX_LENGTH;

/** The marker suffix is reserved, so that a stored description always parses back to its configuration. */
const noMarker: AttributeValidator = (value) =>
  typeof value === "string" && value.includes(`(${MARKER_TAG}`)
    ? `must not contain "(${MARKER_TAG}", which this provider appends to mark the tokens it creates`
    : undefined;

/** Schema of `tokenhooks_team_token`; its description documents the remote description scheme (see `../team-token`). */
export const teamTokenSchema = resourceSchema({
  typeName: "tokenhooks_team_token",
  version: 0,
  description:
    "An HCP Terraform team API token. With `description` it is a described token (multi-token API): a team may have " +
    "many, and rotation with `create_before_destroy` has no downtime. The description stored in HCP Terraform is " +
    "`<description> (tokenhooks:<8 random [a-z0-9]>)`, so that old and new tokens can coexist (descriptions are unique " +
    "per team); it is exposed as `remote_description`, and the `(tokenhooks:` suffix marks tokens this provider created. " +
    "Without `description` it is the team's single legacy token: creating it revokes an existing one, so creation fails " +
    "unless `force_regenerate` is set, and rotation destroys the old token before creating the new one. A token " +
    "regenerated outside Terraform, expired, or due by `rotate_after` / `renew_before` is replaced at the next plan, " +
    "with a warning saying why. Import with an `at-…` token id, or a `team-…` id for the legacy token; the secret " +
    "cannot be imported.",
  attributes: {
    ...tokenOutputAttributes("team token"),
    team_id: attribute.string({ required: true, requiresReplace: true, validators: [teamId], description: "The team's id (`team-…`)." }),
    description: attribute.string({
      optional: true,
      requiresReplace: true,
      validators: [lengthBetween(1, DESCRIPTION_MAX_LENGTH), noMarker],
      description:
        `Makes this a described token (multi-token API). At most ${DESCRIPTION_MAX_LENGTH} characters, leaving room for ` +
        "the ` (tokenhooks:xxxxxxxx)` marker added in HCP Terraform (see `remote_description`). Without it, this is the " +
        "team's legacy token.",
      defaultDescription: "the team's single legacy token, which creating this one regenerates",
    }),
    remote_description: attribute.string({
      computed: true,
      description:
        "The description as stored in HCP Terraform: `<description> (tokenhooks:<marker>)`, with a new random marker " +
        "for each token. Null for the legacy token.",
    }),
    expired_at: expiredAtAttribute("team token"),
    force_regenerate: forceRegenerateAttribute("legacy team token", "the team", " Only for the legacy token: conflicts with `description`."),
    ...rotationAttributes,
  },
});
