"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.CharAsTextClient = void 0;
// adapter-pg cannot decode Postgres' internal one-byte `"char"` type (OID 18), which the schema
// engine reads from pg_catalog (relkind, contype, ...): "Unsupported column type char".
// pg already parses such values as strings, so we relabel those result fields as `text`.
const pg_1 = __importDefault(require("pg"));
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
function charAsText(result) {
    const fields = result?.fields;
    if (fields)
        for (const field of fields)
            if (field.dataTypeID === PG_CHAR_OID)
                field.dataTypeID = PG_TEXT_OID;
    return result;
}
/** A pg.Client for pools (`new pg.Pool({ Client })`); pg.Pool calls `query` callback-style. */
class CharAsTextClient extends pg_1.default.Client {
    query(...args) {
        const last = args.length - 1;
        const callback = args[last];
        if (typeof callback === 'function') {
            args[last] = (err, res) => callback(err, charAsText(res));
        }
        const ret = super.query.apply(this, args);
        const isPromise = ret !== undefined && typeof ret.then === 'function';
        return (isPromise ? ret.then(charAsText) : ret);
    }
}
exports.CharAsTextClient = CharAsTextClient;
//# sourceMappingURL=pg-char-as-text.js.map