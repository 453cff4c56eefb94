// docs/kubernetes-versions.md, rendered from the version table (./features.ts). Pure: the script
// scripts/generate-version-docs.ts writes it, and a test compares the committed page with it.

import type { GateStep } from './features';
import {
  FEATURES,
  FIELDS,
  REMOVED_APIS,
  REMOVED_APIS_SOURCE,
  RULES,
  STRICT_FIELD_VALIDATION_SOURCE,
  gateStep,
} from './features';
import { MAX_SUPPORTED_MINOR, MIN_SUPPORTED_MINOR, versionOf } from './version';

const MINORS = Array.from(
  { length: MAX_SUPPORTED_MINOR - MIN_SUPPORTED_MINOR + 1 },
  (_, i) => MIN_SUPPORTED_MINOR + i,
);

function cell(step: GateStep | null): string {
  if (step === null) return '-';
  const stage = step.stage === 'GA' ? 'GA' : step.stage.toLowerCase();
  return `${stage} ${step.enabled ? 'on' : 'off'}${step.locked ? ' (locked)' : ''}`;
}

const link = (s: { label: string; url: string }): string => `[${s.label}](${s.url})`;

export function renderVersionsMarkdown(): string {
  const out: string[] = [];
  out.push('# Kubernetes versions: what changes between 1.28 and 1.37');
  out.push('');
  out.push(
    '<!-- Generated from src/engine/k8s/features.ts by `npm run build:docs:versions`; do not edit. -->',
  );
  out.push('');
  out.push(
    `An analysis runs "as a cluster of the given version behaves" (\`kubernetesVersion\`, 1.${MIN_SUPPORTED_MINOR} to 1.${MAX_SUPPORTED_MINOR}, default 1.${MAX_SUPPORTED_MINOR}). ` +
      'Every behaviour that differs between versions is keyed on one of the facts below, with each ' +
      'gate at its default state for the release: a cluster that sets `--feature-gates` differently ' +
      'behaves differently. Each row names the Kubernetes source it was taken from.',
  );
  out.push('');
  out.push('## Feature gates (stage and default per release)');
  out.push('');
  out.push(`| gate | ${MINORS.map((m) => `1.${m}`).join(' | ')} |`);
  out.push(`| --- | ${MINORS.map(() => '---').join(' | ')} |`);
  for (const f of FEATURES) {
    const cells = MINORS.map((m) => cell(gateStep(f.name, versionOf(m))));
    out.push(`| \`${f.name}\` | ${cells.join(' | ')} |`);
  }
  out.push('');
  out.push('`-`: the gate does not exist in that release, which behaves as with the gate off.');
  out.push('');
  for (const f of FEATURES) {
    out.push(`### ${f.name}${f.kep === null ? '' : ` (KEP-${f.kep})`}`);
    out.push('');
    out.push(`With the gate on, ${f.effect}`);
    out.push('');
    if (f.note) {
      out.push(`Note: ${f.note}`);
      out.push('');
    }
    out.push(`Sources: ${f.sources.map(link).join('; ')}.`);
    out.push('');
  }
  out.push('## API fields: the first release that serves them');
  out.push('');
  out.push(
    'On an older release the field does not exist: strict field validation (below) refuses it as an unknown field.',
  );
  out.push('');
  out.push('| field | served from | source |');
  out.push('| --- | --- | --- |');
  for (const f of FIELDS) {
    out.push(`| \`${f.field}\` | 1.${f.servedFrom} | ${f.sources.map(link).join('; ')} |`);
  }
  out.push('');
  out.push('## Validation rules that changed without a feature gate');
  out.push('');
  out.push('| rule | from | from then on | before | source |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const r of RULES) {
    out.push(
      `| \`${r.name}\` | 1.${r.from} | ${r.rule} | ${r.before} | ${r.sources.map(link).join('; ')} |`,
    );
  }
  out.push('');
  out.push('## Group/versions no supported release serves');
  out.push('');
  out.push(
    'kubectl gets `no matches for kind "<kind>" in version "<group/version>"` for these: an ERROR in every supported release.',
  );
  out.push('');
  out.push('| apiVersion | kinds | removed in | served as | source |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const r of REMOVED_APIS) {
    out.push(
      `| \`${r.apiVersion}\` | ${r.kinds.join(', ')} | 1.${r.removedIn} | \`${r.servedNow}\` | ${link(REMOVED_APIS_SOURCE)} |`,
    );
  }
  out.push('');
  out.push('## Field validation');
  out.push('');
  out.push(
    'kubectl asks the API server for strict field validation by default, so an unknown or misspelt field is refused (`strict decoding error: unknown field "spec.replica"`) rather than dropped. ' +
      `Source: ${link(STRICT_FIELD_VALIDATION_SOURCE)}. The field sets come from Kubernetes' published OpenAPI (see src/engine/validation/generated/).`,
  );
  out.push('');
  return out.join('\n');
}
