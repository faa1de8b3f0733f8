import { parseDatabaseUrl, redact } from './database-url';
import { meaningfulSql } from './diff';

describe('parseDatabaseUrl', () => {
  it('turns a Prisma URL into a pg config object', () => {
    expect(parseDatabaseUrl('postgresql://app:p%40ss@db.local:6543/parley?schema=tenant')).toEqual({
      config: { host: 'db.local', port: 6543, user: 'app', password: 'p@ss', database: 'parley' },
      schema: 'tenant',
    });
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1/x').config).toEqual({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'x',
    });
    expect(parseDatabaseUrl('postgresql://postgres@127.0.0.1/x').schema).toBe('public');
  });

  it('rejects URLs it cannot use, without echoing passwords', () => {
    expect(() => parseDatabaseUrl('mysql://root@localhost/x')).toThrow(/postgresql/);
    expect(() => parseDatabaseUrl('postgresql://u:secret@localhost')).toThrow(/names no database/);
    expect(() => parseDatabaseUrl('postgresql://u:secret@localhost')).not.toThrow(/secret/);
    expect(redact('postgresql://u:secret@h/db')).toBe('postgresql://u:***@h/db');
  });
});

describe('meaningfulSql', () => {
  it('treats comment-only scripts as empty', () => {
    expect(meaningfulSql('-- This is an empty migration.\n')).toBe('');
    expect(meaningfulSql('\n\n')).toBe('');
    expect(meaningfulSql('-- CreateTable\nCREATE TABLE "x" ();\n')).toBe('-- CreateTable\nCREATE TABLE "x" ();\n');
  });
});
