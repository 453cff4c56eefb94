// Writes docs/rules.md from the rule registry. Run: npm run build:docs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderRulesMarkdown } from '../src/engine/rules/docs';

const target = path.resolve(__dirname, '..', 'docs', 'rules.md');
writeFileSync(target, renderRulesMarkdown());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
