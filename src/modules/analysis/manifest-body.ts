import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { mediaTypeOf } from '../../common/csrf';
import type { AnalyzeOptions, TimingInput } from '../../engine';

/** Media types accepted as a raw manifest body on the REST routes. */
export const MANIFEST_MEDIA_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'text/plain',
];

/** The manifest the OpenAPI document shows as an example body. */
export const EXAMPLE_MANIFEST =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n  - name: app\n    image: nginx\n';

export interface ManifestBody {
  manifest: string;
  kubernetesVersion?: string | null;
  timing?: TimingInput | null;
  severityOverrides?: AnalyzeOptions['severityOverrides'];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The engine validates timing values; the transport makes sure the shape is the documented one. */
function checkTimingShape(timing: unknown): void {
  if (timing === undefined || timing === null) return;
  if (!isPlainObject(timing)) {
    throw AppError.badInput([{ field: 'timing', message: 'must be an object (see TimingInput)' }]);
  }
  const containers = timing.containers;
  if (containers === undefined || containers === null) return;
  if (!Array.isArray(containers)) {
    throw AppError.badInput([{ field: 'timing.containers', message: 'must be a list' }]);
  }
  containers.forEach((c, i) => {
    if (!isPlainObject(c)) {
      throw AppError.badInput([
        { field: `timing.containers[${i}]`, message: 'must be an object with a name' },
      ]);
    }
  });
}

const ENVELOPE_KEYS = new Set(['manifest', 'kubernetesVersion', 'timing', 'severityOverrides']);

/**
 * Reads a manifest from a REST request: a YAML body (application/yaml, text/plain), a Kubernetes
 * object as JSON (the raw text is kept, so positions stay right), or a JSON envelope
 * `{ manifest, kubernetesVersion }`.
 */
export function readManifestBody(
  req: FastifyRequest & { rawBody?: Buffer | string },
): ManifestBody {
  const body: unknown = req.body;
  if (typeof body === 'string') {
    return { manifest: body };
  }
  const type = mediaTypeOf(req);
  if (type === 'application/json' || type.endsWith('+json')) {
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const obj = body as Record<string, unknown>;
      const envelope = 'manifest' in obj && Object.keys(obj).every((k) => ENVELOPE_KEYS.has(k));
      if (envelope && typeof obj.manifest !== 'string') {
        // No Kubernetes object has a top-level "manifest": this is an envelope gone wrong.
        throw AppError.badInput([
          { field: 'manifest', message: 'must be the manifest text (YAML or JSON) as a string' },
        ]);
      }
      if (envelope && typeof obj.manifest === 'string') {
        if (
          obj.kubernetesVersion !== undefined &&
          obj.kubernetesVersion !== null &&
          typeof obj.kubernetesVersion !== 'string'
        ) {
          throw AppError.badInput([
            { field: 'kubernetesVersion', message: 'must be a string such as "1.33"' },
          ]);
        }
        checkTimingShape(obj.timing);
        if (
          obj.severityOverrides !== undefined &&
          obj.severityOverrides !== null &&
          !isPlainObject(obj.severityOverrides)
        ) {
          throw AppError.badInput([
            {
              field: 'severityOverrides',
              message: 'must be an object of rule id to error|warning|info|off',
            },
          ]);
        }
        return {
          manifest: obj.manifest,
          kubernetesVersion: obj.kubernetesVersion as string | null | undefined,
          timing: obj.timing as TimingInput | null | undefined,
          severityOverrides: obj.severityOverrides as AnalyzeOptions['severityOverrides'],
        };
      }
    }
    const raw = req.rawBody;
    return { manifest: raw === undefined ? JSON.stringify(body) : raw.toString() };
  }
  if (body === undefined || body === null) {
    throw AppError.badInput([
      { field: 'body', message: 'send the manifest as the request body (YAML or JSON)' },
    ]);
  }
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Unsupported content type "${type}": use application/yaml, text/plain or application/json.`,
  );
}
