export function withLauncher(body: Uint8Array): Buffer;
