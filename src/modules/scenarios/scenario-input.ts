import type { ErrorCause } from '../../common/errors/app-error';
import { AppError } from '../../common/errors/app-error';

export const SCENARIO_LIMITS = {
  nameChars: 200,
  descriptionChars: 2000,
  tags: 20,
  tagChars: 50,
} as const;

/** What a new scenario carries besides its first manifest. */
export interface ScenarioFields {
  name: string;
  description: string | null;
  tags: string[];
}

// PostgreSQL refuses both (text: 22021, jsonb: 22P05 / 22P02): they must never reach it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) {
    return 'contains a NUL character (U+0000), which cannot be stored';
  }
  if (LONE_SURROGATE.test(s)) {
    return 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
  }
  return null;
}

/**
 * Every string in a value (deep) that PostgreSQL would refuse, with its path under `field`. Used
 * on the input and on the report derived from it (YAML escapes such as "\0" put NULs there).
 */
export function findUnstorableText(
  value: unknown,
  field: string,
  out: ErrorCause[] = [],
): ErrorCause[] {
  if (out.length >= 10) {
    return out;
  }
  if (typeof value === 'string') {
    const why = unstorableText(value);
    if (why) out.push({ field, message: why });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findUnstorableText(v, `${field}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = unstorableText(k);
      if (keyProblem) out.push({ field: `${field}`, message: `a key ${keyProblem}` });
      findUnstorableText(v, `${field}.${k}`, out);
    }
  }
  return out;
}

const chars = (s: string): number => [...s].length;

/** Checks name, description and tags (sizes, storable text); field names under `prefix`. */
export function checkScenarioFields(
  input: { name: string; description?: string | null; tags?: string[] | null },
  prefix: string,
): ScenarioFields {
  const causes: ErrorCause[] = [];
  const f = (name: string): string => (prefix ? `${prefix}.${name}` : name);
  const name = input.name;
  if (typeof name !== 'string' || name.trim() === '') {
    causes.push({ field: f('name'), message: 'is required (1..200 characters)' });
  } else if (chars(name) > SCENARIO_LIMITS.nameChars) {
    causes.push({
      field: f('name'),
      message: `must be at most 200 characters (got ${chars(name)})`,
    });
  } else {
    findUnstorableText(name, f('name'), causes);
  }
  const description = input.description ?? null;
  if (description !== null) {
    if (typeof description !== 'string') {
      causes.push({ field: f('description'), message: 'must be a string' });
    } else if (chars(description) > SCENARIO_LIMITS.descriptionChars) {
      causes.push({
        field: f('description'),
        message: `must be at most 2000 characters (got ${chars(description)})`,
      });
    } else {
      findUnstorableText(description, f('description'), causes);
    }
  }
  const tags = input.tags ?? [];
  if (!Array.isArray(tags)) {
    causes.push({ field: f('tags'), message: 'must be a list of strings' });
  } else {
    if (tags.length > SCENARIO_LIMITS.tags) {
      causes.push({ field: f('tags'), message: `at most 20 tags (got ${tags.length})` });
    }
    const seen = new Set<string>();
    tags.forEach((t, i) => {
      const tf = `${f('tags')}[${i}]`;
      if (typeof t !== 'string' || t.trim() === '') {
        causes.push({ field: tf, message: 'must be a non-empty string' });
      } else if (chars(t) > SCENARIO_LIMITS.tagChars) {
        causes.push({ field: tf, message: `must be at most 50 characters (got ${chars(t)})` });
      } else if (seen.has(t)) {
        causes.push({ field: tf, message: `duplicate tag "${t}"` });
      } else {
        findUnstorableText(t, tf, causes);
      }
      if (typeof t === 'string') seen.add(t);
    });
  }
  if (causes.length > 0) {
    throw AppError.badInput(causes);
  }
  return { name, description, tags };
}

/** Why a manifest is refused when it is empty or holds no Kubernetes object: one message for both. */
export const MANIFEST_REQUIRED =
  'is required: the manifest text (YAML or JSON) with at least one Kubernetes object (a mapping with a kind)';

/** The refusal of a manifest with no Kubernetes object (`---`, `null`, comments only, `{}`, `[]`). */
export function noKubernetesObject(field: string): AppError {
  return AppError.badInput([{ field, message: MANIFEST_REQUIRED }]);
}

/** Idempotency-Key values: 1..255 visible ASCII characters (a UUID v4 is what clients should send). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/**
 * The key of an idempotent save, or null when none was sent. A header value may be a structured
 * field string (`"8e03978e-..."`, RFC 8941) as the IETF httpapi Idempotency-Key draft writes it.
 */
export function checkIdempotencyKey(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  let key = value;
  if (typeof key === 'string' && key.length >= 2 && key.startsWith('"') && key.endsWith('"')) {
    key = key.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key) || key.trim() !== key) {
    throw AppError.badInput([
      {
        field,
        message:
          'must be 1..255 visible ASCII characters without surrounding spaces (a random UUID is best)',
      },
    ]);
  }
  return key;
}

/** expectedRevision: a revision number (1, 2, ...), or null when none was sent. */
export function checkExpectedRevision(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2147483647) {
    throw AppError.badInput([
      {
        field,
        message: `must be the number of the scenario's latest revision you have seen (1, 2, ...; got ${JSON.stringify(value)?.slice(0, 20)})`,
      },
    ]);
  }
  return value;
}

/** Checks the manifest and options of a revision before anything is analysed or stored. */
export function checkRevisionInput(
  input: { manifest: string; kubernetesVersion?: string | null; timing?: unknown },
  prefix: string,
): void {
  const causes: ErrorCause[] = [];
  const f = (name: string): string => (prefix ? `${prefix}.${name}` : name);
  if (typeof input.manifest !== 'string' || input.manifest.trim() === '') {
    causes.push({ field: f('manifest'), message: MANIFEST_REQUIRED });
  } else {
    findUnstorableText(input.manifest, f('manifest'), causes);
  }
  if (typeof input.kubernetesVersion === 'string') {
    findUnstorableText(input.kubernetesVersion, f('kubernetesVersion'), causes);
  }
  findUnstorableText(input.timing, f('timing'), causes);
  if (causes.length > 0) {
    throw AppError.badInput(causes);
  }
}

/** The JSON body of POST /v1/scenarios, shape-checked (sizes and text are checked by the service). */
/**
 * A scenario tag.
 * @maxLength 50
 */
export type ScenarioTag = string;

/** The JSON body of `POST /v1/scenarios`: a scenario and the manifest of its first revision. */
export interface CreateScenarioBody {
  /**
   * @minLength 1
   * @maxLength 200
   */
  name: string;
  /** @maxLength 2000 */
  description?: string | null;
  /** @maxItems 20 */
  tags?: ScenarioTag[] | null;
  /** The manifest as YAML or JSON text (at most 3 MiB, the API server's own write limit). */
  manifest: string;
  /** The target cluster version, 1.28 .. newest (default). */
  kubernetesVersion?: string | null;
}

const CREATE_SCENARIO_FIELDS: readonly (keyof CreateScenarioBody)[] = [
  'name',
  'description',
  'tags',
  'manifest',
  'kubernetesVersion',
];

export function parseCreateScenarioBody(body: unknown): {
  name: string;
  description: string | null;
  tags: string[] | null;
  analysis: { manifest: string; kubernetesVersion: string | null };
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw AppError.badInput([
      {
        field: 'body',
        message:
          'send a JSON object { "name", "description"?, "tags"?, "manifest", "kubernetesVersion"? }',
      },
    ]);
  }
  const b = body as Record<string, unknown>;
  const causes: ErrorCause[] = [];
  const optionalString = (k: string): string | null => {
    const v = b[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') causes.push({ field: k, message: 'must be a string' });
    return typeof v === 'string' ? v : null;
  };
  const name = optionalString('name') ?? '';
  const manifest = optionalString('manifest') ?? '';
  const description = optionalString('description');
  const kubernetesVersion = optionalString('kubernetesVersion');
  let tags: string[] | null = null;
  if (b.tags !== undefined && b.tags !== null) {
    if (!Array.isArray(b.tags) || b.tags.some((t) => typeof t !== 'string')) {
      causes.push({ field: 'tags', message: 'must be a list of strings' });
    } else {
      tags = b.tags as string[];
    }
  }
  for (const k of Object.keys(b)) {
    if (!(CREATE_SCENARIO_FIELDS as readonly string[]).includes(k)) {
      causes.push({ field: k, message: 'is not a known field' });
    }
  }
  if (causes.length > 0) {
    throw AppError.badInput(causes);
  }
  return { name, description, tags, analysis: { manifest, kubernetesVersion } };
}
