export declare const NODE22_VERSION: string;
export declare function node22Dir(env?: NodeJS.ProcessEnv): string;
export declare function ensureNode22Bin(options?: { env?: NodeJS.ProcessEnv; progress?: (line: string) => void }): string;
