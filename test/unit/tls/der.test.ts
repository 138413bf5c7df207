import { certificateTime, namedBits, objectIdentifier, tlv, unsignedInteger } from "../../../src/tls/der";
import { ipAddressBytes } from "../../../src/tls/ip-address";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("DER encoders", () => {
  it("uses the short length form below 128 bytes and the long form above", () => {
    expect(hex(tlv(0x04, Buffer.alloc(127))).slice(0, 4)).toBe("047f");
    expect(hex(tlv(0x04, Buffer.alloc(128))).slice(0, 6)).toBe("048180");
    expect(hex(tlv(0x04, Buffer.alloc(300))).slice(0, 8)).toBe("0482012c");
  });

  it("encodes unsigned integers minimally, adding a zero byte only before a set top bit", () => {
    expect(hex(unsignedInteger(Buffer.from([0x00, 0x00, 0x7f])))).toBe("02017f");
    expect(hex(unsignedInteger(Buffer.from([0x80])))).toBe("02020080");
    expect(hex(unsignedInteger(Buffer.from([0x00, 0x00])))).toBe("020100");
  });

  it("encodes object identifiers with base-128 arcs", () => {
    expect(hex(objectIdentifier("1.2.840.10045.4.3.2"))).toBe("06082a8648ce3d040302");
    expect(hex(objectIdentifier("2.5.29.17"))).toBe("0603551d11");
    expect(() => objectIdentifier("1")).toThrow("Invalid object identifier");
  });

  it("encodes named bits with trailing zero bits counted as unused", () => {
    // digitalSignature, keyEncipherment, keyAgreement, keyCertSign = 1010 1100, two unused bits.
    expect(hex(namedBits([0, 2, 4, 5]))).toBe("030202ac");
    expect(hex(namedBits([0]))).toBe("03020780");
    expect(hex(namedBits([8]))).toBe("0303070080");
  });

  it("writes UTCTime before 2050 and GeneralizedTime from 2050, from the UTC fields", () => {
    expect(certificateTime(new Date("2026-01-02T03:04:05.678Z")).subarray(2).toString("ascii")).toBe("260102030405Z");
    expect(certificateTime(new Date("2026-01-02T03:04:05Z"))[0]).toBe(0x17);
    const late = certificateTime(new Date("2050-12-31T23:59:59Z"));
    expect(late[0]).toBe(0x18);
    expect(late.subarray(2).toString("ascii")).toBe("20501231235959Z");
  });
});

describe("ipAddressBytes", () => {
  it.each([
    ["127.0.0.1", "7f000001"],
    ["::1", "00000000000000000000000000000001"],
    ["::", "00000000000000000000000000000000"],
    ["fe80::1", "fe800000000000000000000000000001"],
    ["2001:db8::8a2e:370:7334", "20010db80000000000008a2e03707334"],
    ["2001:db8:0:0:1:0:0:1", "20010db8000000000001000000000001"],
    ["::ffff:1.2.3.4", "00000000000000000000ffff01020304"],
  ])("%s", (address, expected) => {
    expect(hex(ipAddressBytes(address))).toBe(expected);
  });

  it("rejects text that is not an address", () => {
    expect(() => ipAddressBytes("localhost")).toThrow('Not an IP address: "localhost"');
  });
});
