/** Types of scripts/main-module.mjs. */
export declare function isMainModule(moduleUrl: string): boolean;
export declare function runAsCommand(moduleUrl: string, main: (args: string[]) => number | void | Promise<number | void>): void;
