import { defineConfig } from 'prisma/config';

// The URL is only needed by `prisma migrate deploy` (where the schema engine can be had);
// `prisma generate` does not connect.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/sidecar_lens' },
});
