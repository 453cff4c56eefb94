// binaryArray (src/database/pg-binary-array.ts): text[] and bytea[] parameters in PostgreSQL's
// binary array format, read back by the server exactly as sent.
import { Client } from 'pg';
import { binaryArray, PG_OID } from '../../src/database/pg-binary-array';
import { testDatabaseUrl } from '../support/app';

describe('binaryArray', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
  });

  it('sends text[] elements as written: UTF-8, quotes, braces, backslashes, empty, null', async () => {
    const items = [
      'kind: Pod\nmetadata: {name: "a\\b"}\n',
      'größe ✓ 𝔘',
      '',
      null,
      '{"x",NULL}',
      'x'.repeat(70_000),
    ];
    const res = await db.query<{ a: (string | null)[]; n: number; lengths: (number | null)[] }>(
      `SELECT $1::text[] AS a, cardinality($1::text[]) AS n,
         ARRAY(SELECT octet_length(e) FROM unnest($1::text[]) AS e) AS lengths`,
      [binaryArray(PG_OID.text, items)],
    );
    expect(res.rows[0]!.a).toEqual(items);
    expect(res.rows[0]!.n).toBe(items.length);
    expect(res.rows[0]!.lengths).toEqual(
      items.map((s) => (s === null ? null : Buffer.byteLength(s, 'utf8'))),
    );
  });

  it('sends bytea[] elements byte for byte', async () => {
    const items = [Buffer.from([0, 1, 2, 255, 0]), Buffer.alloc(0), null, Buffer.alloc(5000, 7)];
    const res = await db.query<{ e: Buffer | null }>(
      'SELECT e FROM unnest($1::bytea[]) WITH ORDINALITY AS x(e, i) ORDER BY i',
      [binaryArray(PG_OID.bytea, items)],
    );
    expect(res.rows.map((r) => r.e)).toEqual(items);
  });

  it('sends an empty array as PostgreSQL writes one', async () => {
    const res = await db.query<{ n: number | null; empty: boolean }>(
      `SELECT cardinality($1::text[]) AS n, $1::text[] = '{}'::text[] AS empty`,
      [binaryArray(PG_OID.text, [])],
    );
    expect(res.rows[0]).toEqual({ n: 0, empty: true });
  });

  it('is refused by the server when the declared type is another element type', async () => {
    await expect(db.query('SELECT $1::bytea[]', [binaryArray(PG_OID.text, ['a'])])).rejects.toThrow(
      /element type 25 \(text\) instead of expected 17 \(bytea\)/,
    );
  });

  it('refuses a string in a bytea[] or a Buffer in a text[]', () => {
    expect(() => binaryArray(PG_OID.bytea, ['a'])).toThrow(TypeError);
    expect(() => binaryArray(PG_OID.text, [Buffer.from('a')])).toThrow(TypeError);
  });

  it('text the server cannot store (NUL) is refused, as for a text parameter', async () => {
    await expect(
      db.query('SELECT $1::text[]', [binaryArray(PG_OID.text, ['a\0b'])]),
    ).rejects.toThrow(/invalid byte sequence|0x00/);
  });
});
