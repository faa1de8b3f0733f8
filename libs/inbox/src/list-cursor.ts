import { AppError, ErrorCode } from '@parley/contracts';

/** A keyset position: the sort time and id of the last row of a page. */
export interface ListCursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients (base64url of `<ms>.<id>`), so its format can change without a new API. */
export const encodeCursor = (cursor: ListCursor): string => Buffer.from(`${cursor.at.getTime()}.${cursor.id}`).toString('base64url');

/** 400 VALIDATION_FAILED for anything that is not a cursor this API handed out. */
export function decodeCursor(value: string, path = 'querystring/cursor'): ListCursor {
  const [ms, id] = Buffer.from(value, 'base64url').toString('utf8').split('.');
  const at = new Date(Number(ms));
  if (!ms || !/^\d{1,15}$/.test(ms) || !id || !UUID.test(id) || Number.isNaN(at.getTime())) {
    throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'Invalid cursor: pass back the one a previous page returned', [
      { path, message: 'is not a cursor this API issued' },
    ]);
  }
  return { at, id };
}

/**
 * Reads one row more than the page holds to know whether another page follows, so the last
 * page does not send clients on a trip for an empty one.
 */
export function pageOf<T>(rows: T[], limit: number, positionOf: (row: T) => ListCursor): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
