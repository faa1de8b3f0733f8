export type LogFn = (line: string) => void;
/** Forwards the engine's INFO/WARN/ERROR messages as plain text; drops debug noise. */
export declare function engineLogger(log: LogFn | undefined): (json: string) => void;
