import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /openapi.json and its UI at /docs, both served offline by the service. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('sidecar-lens REST API')
      .setDescription(
        'Analyse Kubernetes manifests (lifecycle, resources, advice) and keep scenario histories. The GraphQL API at /graphql is the complete surface; these routes serve scripts and CI.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (AUTH_MODE=apikey)' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}
