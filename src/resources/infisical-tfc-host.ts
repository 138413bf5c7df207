import { isLoopbackHost } from "../schema/validators";

/**
 * The only HCP Terraform host Infisical validates terraform-cloud tokens against: hard-coded as
 * `IntegrationUrls.TERRAFORM_CLOUD_API_URL` (`integration-auth/integration-list.ts`).
 */
export const INFISICAL_TFC_HOST = "app.terraform.io";

/**
 * The provider's HCP Terraform host when Infisical would refuse the tokens it mints: known, not
 * app.terraform.io, and not loopback. A loopback host is taken for a local emulator (or a
 * tunnel), which stands in for app.terraform.io, so the tests and the demo plan without warnings.
 */
export function hostInfisicalRefuses(tfcHost: string | null | undefined): string | undefined {
  if (tfcHost === null || tfcHost === undefined) return undefined;
  const name = tfcHost.replace(/:443$/, "");
  if (name === INFISICAL_TFC_HOST) return undefined;
  const bareName = name.startsWith("[") ? name.slice(0, name.indexOf("]") + 1) : name.replace(/:\d+$/, "");
  return isLoopbackHost(bareName) ? undefined : tfcHost;
}

/** The plan warning for a token Infisical is about to validate while the provider points at `host`. */
export function foreignHostWarning(host: string): { summary: string; detail: string } {
  return {
    summary: `Infisical refuses HCP Terraform tokens minted by ${host}`,
    detail:
      `Infisical validates the token of every terraform-cloud connection against ${INFISICAL_TFC_HOST}, whatever this provider's ` +
      `tfe_hostname / tfe_address (${host}) says. A Terraform Enterprise or app.eu.terraform.io token fails that check and the apply ` +
      `fails with "Failed to validate credentials"; only a token from ${INFISICAL_TFC_HOST} works. ` +
      `(Not shown for a loopback host, which is taken for a local emulator.)`,
  };
}

/** Why Infisical refused a terraform-cloud token, in words a user can act on. */
export function refusedTokenHint(tfcHost: string | null | undefined): string {
  const foreign = hostInfisicalRefuses(tfcHost);
  const rule = `Infisical validates terraform-cloud tokens against ${INFISICAL_TFC_HOST} only, so a token from any other host (Terraform Enterprise, app.eu.terraform.io) is refused.`;
  return foreign === undefined
    ? `${rule} A token from ${INFISICAL_TFC_HOST} is refused when it is revoked or expired.`
    : `${rule} This provider's HCP Terraform is ${foreign}: a token it minted cannot be used here; use a token from ${INFISICAL_TFC_HOST}.`;
}
