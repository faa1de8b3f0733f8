import type { ConsoleLeadView } from '@parley/contracts';

export const LEAD_CSV_COLUMNS = ['id', 'bot_id', 'email', 'name', 'phone', 'conversation_id', 'custom_fields', 'created_at', 'updated_at'] as const;

/** A phone number (`+44 20 1234`): a spreadsheet reads it as a number at worst, never a formula call. */
const PHONE_LIKE = /^\+?[0-9 ().-]+$/;

/**
 * One RFC 4180 field. A value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
 * first) gets a leading `'`: leads are typed by strangers, and an export is opened by staff.
 * Phone numbers are left alone, since `+` starts most of them.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) && !PHONE_LIKE.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function leadCsvRow(lead: ConsoleLeadView): string {
  const cells = LEAD_CSV_COLUMNS.map((column) => {
    const value = lead[column];
    return csvField(column === 'custom_fields' ? JSON.stringify(value) : (value as string | null));
  });
  return `${cells.join(',')}\r\n`;
}

export const LEAD_CSV_HEADER = `${LEAD_CSV_COLUMNS.join(',')}\r\n`;
