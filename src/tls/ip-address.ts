import { isIPv4, isIPv6 } from "node:net";

/**
 * The network-order bytes of an IP address (4 for IPv4, 16 for IPv6), as an X.509 `iPAddress`
 * subject-alternative name holds them. Node validates addresses but has no text-to-bytes parser.
 */
export function ipAddressBytes(address: string): Buffer {
  if (isIPv4(address)) return ipv4Bytes(address);
  if (isIPv6(address)) return ipv6Bytes(address);
  throw new Error(`Not an IP address: ${JSON.stringify(address)}`);
}

function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split(".").map(Number));
}

function ipv6Bytes(address: string): Buffer {
  const withoutZone = address.split("%")[0];
  const [head, tail] = withoutZone.includes("::") ? withoutZone.split("::") : [withoutZone, undefined];
  const groups = (part: string): number[] => {
    if (part === "") return [];
    return part.split(":").flatMap((group) => {
      if (group.includes(".")) {
        const [a, b, c, d] = ipv4Bytes(group);
        return [(a << 8) | b, (c << 8) | d];
      }
      return [parseInt(group, 16)];
    });
  };
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const zeros = new Array<number>(8 - before.length - after.length).fill(0);
  const bytes = Buffer.alloc(16);
  [...before, ...zeros, ...after].forEach((group, index) => bytes.writeUInt16BE(group, index * 2));
  return bytes;
}
