// One-dimensional PostgreSQL arrays in the binary wire format (array_send/array_recv), for bulk
// statements that pass a column of large values as one parameter: node-postgres sends a Buffer
// parameter in binary format as is, and PostgreSQL reads it with the parameter's declared type
// (`$1::text[]`, `$2::bytea[]`). No text array literal to escape and parse, no hex or base64 for
// bytes: each element is its length and its bytes (docs/adr/0007-idempotent-saves.md).

/** Element type OIDs (pg_type.oid, fixed in PostgreSQL's catalog) that binaryArray can send. */
export const PG_OID = { bytea: 17, text: 25 } as const;

/**
 * A `text[]` (strings, written as UTF-8) or `bytea[]` (Buffers) parameter in binary format; null
 * elements are SQL NULL. PostgreSQL checks the element type against the parameter's declared
 * type, and validates text as UTF-8 as it does for text parameters.
 */
export function binaryArray(
  elementOid: (typeof PG_OID)[keyof typeof PG_OID],
  items: readonly (string | Buffer | null)[],
): Buffer {
  if (items.length === 0) {
    // No dimension at all: PostgreSQL's own form of an empty array.
    const empty = Buffer.alloc(12);
    empty.writeUInt32BE(elementOid, 8);
    return empty;
  }
  const lengths = new Array<number>(items.length);
  let size = 20; // ndim, flags, element type, then the one dimension's length and lower bound
  let hasNull = 0;
  items.forEach((item, i) => {
    if (item === null) {
      hasNull = 1;
      lengths[i] = -1;
      size += 4;
      return;
    }
    if (typeof item === 'string' ? elementOid !== PG_OID.text : elementOid !== PG_OID.bytea) {
      throw new TypeError('binaryArray: strings go in text[], Buffers in bytea[]');
    }
    const length = typeof item === 'string' ? Buffer.byteLength(item, 'utf8') : item.length;
    lengths[i] = length;
    size += 4 + length;
  });
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32BE(1, 0);
  at = out.writeInt32BE(hasNull, at);
  at = out.writeUInt32BE(elementOid, at);
  at = out.writeInt32BE(items.length, at);
  at = out.writeInt32BE(1, at);
  items.forEach((item, i) => {
    const length = lengths[i]!;
    at = out.writeInt32BE(length, at);
    if (item === null) return;
    at += typeof item === 'string' ? out.write(item, at, length, 'utf8') : item.copy(out, at);
  });
  return out;
}
