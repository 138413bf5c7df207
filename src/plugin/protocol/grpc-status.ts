/** gRPC status codes used by this server (grpc/grpc `doc/statuscodes.md`). */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/**
 * A call's failure as the client will see it: the code and message go into the `grpc-status` and
 * `grpc-message` trailers verbatim, so the message must never carry request data or secrets.
 */
export class GrpcError extends Error {
  override readonly name = "GrpcError";
  constructor(
    readonly code: GrpcStatusCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The `grpc-message` encoding (gRPC over HTTP/2 spec): UTF-8 bytes, with every byte outside
 * printable ASCII, and `%` itself, written as `%XX`.
 */
export function percentEncodeGrpcMessage(message: string): string {
  let encoded = "";
  for (const byte of Buffer.from(message, "utf8")) {
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}
