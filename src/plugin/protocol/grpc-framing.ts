import { GrpcError, GrpcStatus } from "./grpc-status";

/** Bytes before each message: a compressed flag, then the big-endian uint32 length. */
const PREFIX_BYTES = 5;

/** Length-prefixes one uncompressed message. */
export function frameMessage(message: Uint8Array): Buffer {
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/**
 * Splits an HTTP/2 data stream into gRPC messages. Chunk boundaries are arbitrary, so bytes are
 * buffered until a whole message has arrived. A declared length above the limit fails before the
 * message is buffered, so an oversized message never occupies memory.
 */
export class MessageDeframer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxMessageBytes: number) {}

  /** Adds a chunk and returns the messages it completed; throws {@link GrpcError} on a bad message. */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const messages: Buffer[] = [];
    while (this.pendingBytes >= PREFIX_BYTES) {
      const head = this.peek(PREFIX_BYTES);
      if (head[0] !== 0) {
        throw new GrpcError(GrpcStatus.UNIMPLEMENTED, head[0] === 1 ? "Compressed messages are not supported" : "Invalid message flags");
      }
      const length = head.readUInt32BE(1);
      if (length > this.maxMessageBytes) {
        throw new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `Message of ${length} bytes exceeds the limit of ${this.maxMessageBytes} bytes`);
      }
      if (this.pendingBytes < PREFIX_BYTES + length) break;
      messages.push(this.take(PREFIX_BYTES + length).subarray(PREFIX_BYTES));
    }
    return messages;
  }

  /** True when no partial message is buffered. */
  get idle(): boolean {
    return this.pendingBytes === 0;
  }

  private peek(bytes: number): Buffer {
    if (this.pending[0].length < bytes) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0].subarray(0, bytes);
  }

  private take(bytes: number): Buffer {
    const whole = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = whole.length > bytes ? [whole.subarray(bytes)] : [];
    this.pendingBytes -= bytes;
    return whole.subarray(0, bytes);
  }
}
