import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AuthMode } from '../config/config';
import { REST_SCHEMAS } from './schemas.generated';

export const BEARER_SCHEME = 'bearer';

/**
 * The OpenAPI 3.1 document of the REST routes. Component schemas are generated from the
 * TypeScript types the handlers return (rest-types.ts); with AUTH_MODE=apikey every operation
 * needs an API key (the probes, metrics and these documents are not operations of it).
 */
export function buildOpenApiDocument(
  app: NestFastifyApplication,
  authMode: AuthMode,
  schemas: Record<string, unknown> = REST_SCHEMAS,
): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('sidecar-lens REST API')
    .setDescription(
      'Analyse Kubernetes manifests (lifecycle, resources, advice) and keep scenario histories. The GraphQL API at /graphql is the complete surface; these routes serve scripts and CI. Errors are RFC 9457 problem details (application/problem+json) with the application `code` and the `requestId` as extension members.' +
        (authMode === 'apikey'
          ? ' Every operation needs an API key: `Authorization: Bearer <key>`.'
          : ' This instance runs with AUTH_MODE=local: no API key is needed.'),
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This service')
    .addTag('analysis', 'Analyse a manifest; nothing is saved and no database is needed.')
    .addTag('scenarios', "Named scenarios of the caller's team and their revisions.")
    .addTag('catalog', 'What the analysis knows, independent of any manifest: its rules.');
  if (authMode === 'apikey') {
    builder
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'An API key (`npm run apikey -- create`).' },
        BEARER_SCHEME,
      )
      .addSecurityRequirements(BEARER_SCHEME);
  }
  const document = SwaggerModule.createDocument(app, builder.build());
  document.components = {
    ...document.components,
    schemas: {
      ...(document.components?.schemas ?? {}),
      ...(schemas as NonNullable<OpenAPIObject['components']>['schemas']),
    },
  };
  describeManifestBodies(document);
  // Nest's decorators drop `required` on headers: a 201 always carries its Location.
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as {
      responses?: Record<string, { headers?: Record<string, { required?: boolean }> }>;
    }[]) {
      const location = op?.responses?.['201']?.headers?.Location;
      if (location) location.required = true;
    }
  }
  if (authMode !== 'apikey') {
    // Without keys nothing answers 401.
    for (const item of Object.values(document.paths)) {
      for (const op of Object.values(item) as { responses?: Record<string, unknown> }[]) {
        if (op && typeof op === 'object' && op.responses) delete op.responses['401'];
      }
    }
  }
  return document;
}

/**
 * The routes that take a manifest read it as YAML text, or as JSON: a Kubernetes object itself
 * or the ManifestBody envelope (src/modules/analysis/manifest-body.ts). Nest's ApiBody describes
 * one schema for every media type; this gives each its own.
 */
function describeManifestBodies(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as {
      requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
    }[]) {
      const content = op?.requestBody?.content;
      if (!content?.['application/yaml'] || !content['application/json']) continue;
      const text = content['application/yaml'].schema ?? {};
      const example = text.example;
      for (const type of Object.keys(content)) {
        if (type === 'application/json') continue;
        content[type] = {
          schema: {
            type: 'string',
            description: 'The manifest as YAML (several documents, a List).',
            ...(example !== undefined ? { examples: [example] } : {}),
          },
        };
      }
      content['application/json'] = {
        schema: {
          anyOf: [
            { $ref: '#/components/schemas/ManifestBody' },
            {
              type: 'object',
              description: 'A Kubernetes object as JSON (apiVersion, kind, ...).',
              required: ['apiVersion', 'kind'],
              properties: { apiVersion: { type: 'string' }, kind: { type: 'string' } },
            },
          ],
        },
      };
    }
  }
}

/** OpenAPI document at /openapi.json and its UI at /docs, both served offline by the service. */
export function setupOpenApi(app: NestFastifyApplication, authMode: AuthMode): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, authMode), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}
