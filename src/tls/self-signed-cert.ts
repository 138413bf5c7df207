import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import {
  bitString,
  boolean,
  certificateTime,
  explicit,
  implicitPrimitive,
  namedBits,
  objectIdentifier,
  octetString,
  sequence,
  setOfOne,
  smallInteger,
  unsignedInteger,
  utf8String,
} from "./der";
import { ipAddressBytes } from "./ip-address";

/** What the certificate names and how long it lasts. */
export interface SelfSignedCertificateOptions {
  /** Subject and issuer CN. */
  readonly commonName: string;
  /** SAN DNS names. TLS clients match host names against these only, never the CN. */
  readonly dnsNames?: readonly string[];
  /** SAN IP addresses, IPv4 or IPv6 text. */
  readonly ipAddresses?: readonly string[];
  /** Marks the certificate as a CA (basicConstraints cA, keyCertSign), as go-plugin's are. */
  readonly isCA?: boolean;
  /** Validity after issue; default one day. */
  readonly validForMs?: number;
  /** Subject and issuer O, placed before the CN. */
  readonly organization?: string;
}

/** A freshly generated key and the certificate it signed. */
export interface SelfSignedCertificate {
  readonly certPem: string;
  /** PKCS#8 PEM of the ECDSA P-256 private key. */
  readonly keyPem: string;
  readonly certDer: Buffer;
}

const DEFAULT_VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Back-dating absorbs small clock differences between the two ends of the connection. */
const BACKDATE_MS = 30 * 1000;

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  organizationName: "2.5.4.10",
  commonName: "2.5.4.3",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

/** KeyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyAgreement: 4, keyCertSign: 5 } as const;

/** SAN GeneralName choices (RFC 5280 §4.2.1.6). */
const GENERAL_NAME = { dNSName: 2, iPAddress: 7 } as const;

/**
 * Creates an ECDSA P-256 key and a self-signed X.509 v3 certificate for it (SHA-256 signature,
 * random positive 128-bit serial, valid from 30 s ago), usable for both TLS server and client
 * authentication. Uses node:crypto only, so it costs a few milliseconds, which matters because
 * every plugin process makes one.
 *
 * keyCertSign is asserted only for a CA: RFC 5280 forbids it without basicConstraints cA.
 */
export function createSelfSignedCertificate(options: SelfSignedCertificateOptions): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const now = Date.now();
  const name = distinguishedName(options);
  const signatureAlgorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const tbsCertificate = sequence(
    explicit(0, smallInteger(2)),
    serialNumber(),
    signatureAlgorithm,
    name,
    sequence(certificateTime(new Date(now - BACKDATE_MS)), certificateTime(new Date(now + (options.validForMs ?? DEFAULT_VALIDITY_MS)))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...extensions(options))),
  );
  const signature = sign("sha256", tbsCertificate, privateKey);
  const certDer = sequence(tbsCertificate, signatureAlgorithm, bitString(signature));
  return {
    certPem: toPem("CERTIFICATE", certDer),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certDer,
  };
}

function serialNumber(): Buffer {
  let bytes = randomBytes(16);
  // A zero serial is invalid; the chance is 2^-128, but the loop makes the guarantee unconditional.
  while (bytes.every((byte) => byte === 0)) bytes = randomBytes(16);
  return unsignedInteger(bytes);
}

function distinguishedName(options: SelfSignedCertificateOptions): Buffer {
  const attribute = (oid: string, value: string) => setOfOne(sequence(objectIdentifier(oid), utf8String(value)));
  const organization = options.organization === undefined ? [] : [attribute(OID.organizationName, options.organization)];
  return sequence(...organization, attribute(OID.commonName, options.commonName));
}

function extensions(options: SelfSignedCertificateOptions): Buffer[] {
  const extension = (oid: string, critical: boolean, value: Buffer) =>
    sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
  const usages: number[] = [KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment, KEY_USAGE.keyAgreement];
  if (options.isCA) usages.push(KEY_USAGE.keyCertSign);
  const alternativeNames = [
    ...(options.dnsNames ?? []).map((dnsName) => implicitPrimitive(GENERAL_NAME.dNSName, Buffer.from(dnsName, "ascii"))),
    ...(options.ipAddresses ?? []).map((address) => implicitPrimitive(GENERAL_NAME.iPAddress, ipAddressBytes(address))),
  ];
  return [
    extension(OID.keyUsage, true, namedBits(usages)),
    extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth), objectIdentifier(OID.clientAuth))),
    extension(OID.basicConstraints, true, options.isCA ? sequence(boolean(true)) : sequence()),
    ...(alternativeNames.length > 0 ? [extension(OID.subjectAltName, false, sequence(...alternativeNames))] : []),
  ];
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
