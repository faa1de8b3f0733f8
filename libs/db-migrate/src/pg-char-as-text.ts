// adapter-pg cannot decode Postgres' internal one-byte `"char"` type (OID 18), which the schema
// engine reads from pg_catalog (relkind, contype, ...): "Unsupported column type char".
// pg already parses such values as strings, so we relabel those result fields as `text`.
import pg from 'pg';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function charAsText<T>(result: T): T {
  const fields = (result as { fields?: Array<{ dataTypeID: number }> } | undefined)?.fields;
  if (fields) for (const field of fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  return result;
}

/** A pg.Client for pools (`new pg.Pool({ Client })`); pg.Pool calls `query` callback-style. */
export class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (err: unknown, res: unknown) => (callback as (e: unknown, r: unknown) => void)(err, charAsText(res));
    }
    const ret = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    const isPromise = ret !== undefined && typeof (ret as Promise<unknown>).then === 'function';
    return (isPromise ? (ret as Promise<unknown>).then(charAsText) : ret) as never;
  }
}
