// Writes docs/kubernetes-versions.md from the version table. Run: npm run build:docs:versions
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderVersionsMarkdown } from '../src/engine/k8s/versions-doc';

const target = path.resolve(__dirname, '..', 'docs', 'kubernetes-versions.md');
writeFileSync(target, renderVersionsMarkdown());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
