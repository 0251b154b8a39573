/** The V8 flags the server runs with (see node-flags.mjs). */
export declare const SERVER_NODE_FLAGS: readonly string[];
/** True when this process already runs with a heap cap (from its command line or NODE_OPTIONS). */
export declare function hasHeapCap(execArgv?: readonly string[], nodeOptions?: string): boolean;
