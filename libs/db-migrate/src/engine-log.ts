// The engine reports progress as JSON tracing events; callers want short human lines.
export type LogFn = (line: string) => void;

interface TracingEvent {
  level?: string;
  fields?: { message?: string };
}

const NOISE = ['Starting schema-engine-wasm', 'Analysis run in'];

/** Forwards the engine's INFO/WARN/ERROR messages as plain text; drops debug noise. */
export function engineLogger(log: LogFn | undefined): (json: string) => void {
  return (json) => {
    if (!log) return;
    let event: TracingEvent;
    try {
      event = JSON.parse(json) as TracingEvent;
    } catch {
      return log(json.trim());
    }
    const message = event.fields?.message;
    if (!message || NOISE.some((prefix) => message.startsWith(prefix))) return;
    if (event.level === 'INFO' || event.level === 'WARN' || event.level === 'ERROR') log(message);
  };
}
