import { frameMessage, MessageDeframer } from "../../../../src/plugin/protocol/grpc-framing";
import { GrpcError, GrpcStatus, percentEncodeGrpcMessage } from "../../../../src/plugin/protocol/grpc-status";

describe("message framing", () => {
  it("prefixes a flag byte and a big-endian length", () => {
    expect(frameMessage(Buffer.from("abc")).toString("hex")).toBe("0000000003616263");
    expect(frameMessage(Buffer.alloc(0)).toString("hex")).toBe("0000000000");
  });

  it("reassembles messages across arbitrary chunk boundaries", () => {
    const stream = Buffer.concat([frameMessage(Buffer.from("first")), frameMessage(Buffer.alloc(0)), frameMessage(Buffer.alloc(300, 7))]);
    for (const chunkSize of [1, 2, 5, 7, 64, stream.length]) {
      const deframer = new MessageDeframer(1000);
      const received: Buffer[] = [];
      for (let offset = 0; offset < stream.length; offset += chunkSize) received.push(...deframer.push(stream.subarray(offset, offset + chunkSize)));
      expect(received.map((message) => message.length)).toEqual([5, 0, 300]);
      expect(received[0].toString()).toBe("first");
      expect(deframer.idle).toBe(true);
    }
  });

  it("reports a partial message as not idle", () => {
    const deframer = new MessageDeframer(1000);
    expect(deframer.push(frameMessage(Buffer.from("abc")).subarray(0, 6))).toEqual([]);
    expect(deframer.idle).toBe(false);
  });

  it("refuses compressed messages", () => {
    const compressed = Buffer.from("0100000001ff", "hex");
    expect(() => new MessageDeframer(1000).push(compressed)).toThrow(new GrpcError(GrpcStatus.UNIMPLEMENTED, "Compressed messages are not supported"));
  });

  it("refuses an oversized message as soon as its length is known", () => {
    const header = Buffer.from("0000000401", "hex");
    let thrown: unknown;
    try {
      new MessageDeframer(1024).push(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GrpcError);
    expect((thrown as GrpcError).code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
  });
});

describe("grpc-message encoding", () => {
  it("percent-encodes non-printable bytes, non-ASCII and the percent sign", () => {
    expect(percentEncodeGrpcMessage("plain text: ok")).toBe("plain text: ok");
    expect(percentEncodeGrpcMessage("100% done\nnext")).toBe("100%25 done%0Anext");
    expect(percentEncodeGrpcMessage("é")).toBe("%C3%A9");
  });
});
