"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.engineLogger = engineLogger;
const NOISE = ['Starting schema-engine-wasm', 'Analysis run in'];
/** Forwards the engine's INFO/WARN/ERROR messages as plain text; drops debug noise. */
function engineLogger(log) {
    return (json) => {
        if (!log)
            return;
        let event;
        try {
            event = JSON.parse(json);
        }
        catch {
            return log(json.trim());
        }
        const message = event.fields?.message;
        if (!message || NOISE.some((prefix) => message.startsWith(prefix)))
            return;
        if (event.level === 'INFO' || event.level === 'WARN' || event.level === 'ERROR')
            log(message);
    };
}
//# sourceMappingURL=engine-log.js.map