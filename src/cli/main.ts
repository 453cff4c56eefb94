import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeManifest, DEFAULT_KUBERNETES_VERSION, SUPPORTED_VERSION_RANGE } from '../engine';
import type { AnalyzeOptions, TimingInput } from '../engine';
import type { FailOn, FileResult } from './format';
import { formatJson, formatRules, formatTable, shouldFail } from './format';
import { resolveInputs } from './inputs';
import { buildSarif } from './sarif';
import { defaultFleetIo, registerFleetCommand } from './fleet';

// Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 the command itself failed.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
  readStdin: () => string;
  /** Writes --output atomically (a temporary file renamed over it). */
  writeFile?: (path: string, text: string) => void;
  /** The working directory: relative paths, globs and SARIF's %SRCROOT% start here. */
  cwd?: string;
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  writeFile: writeFileAtomic,
  cwd: process.cwd(),
};

const collectOverride = (
  value: string,
  previous: Record<string, string>,
): Record<string, string> => {
  const m = /^([a-z0-9-]+)=(error|warning|info|off)$/.exec(value);
  if (!m) {
    throw new InvalidArgumentError('expected RULE_ID=error|warning|info|off');
  }
  return { ...previous, [m[1]!]: m[2]! };
};

/** The last `fleet` command's promise of an exit code (tests wait on it). */
export let fleetRun: Promise<number> | null = null;

/** Runs the CLI; returns the exit code (the bin script exits with it). */
export function runCli(argv: string[], io: CliIo = defaultIo, version = '0.1.0'): number {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('sidecar-lens')
    .description(
      'How will this pod start, stop and what will it cost, and should this really be a sidecar?',
    )
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('analyze')
    .description(
      'Analyse Kubernetes manifests (YAML or JSON; "-" reads standard input). No server, no database.',
    )
    .argument(
      '<paths...>',
      'manifest files, directories (searched recursively for .yaml, .yml, .json), glob patterns (quote them), or - for standard input',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json', 'sarif'])
        .default('table'),
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a diagnostic or finding is at least this severe',
      )
        .choices(['error', 'warning', 'info', 'none'])
        .default('error'),
    )
    .option(
      '-k, --kubernetes-version <version>',
      `target cluster version, ${SUPPORTED_VERSION_RANGE}`,
      DEFAULT_KUBERNETES_VERSION,
    )
    .option('-o, --output <file>', 'write the output to this file instead of standard output')
    .option(
      '--stdin-name <path>',
      'the file name standard input stands for in reports and SARIF (e.g. its path in the repository)',
      'stdin.yaml',
    )
    .option('-t, --timing <file>', 'timing assumptions as JSON (the GraphQL TimingInput shape)')
    .option(
      '-s, --severity <rule=level>',
      'override a rule: RULE_ID=error|warning|info|off (repeatable)',
      collectOverride,
      {},
    )
    .action(
      (
        files: string[],
        opts: {
          format: 'table' | 'json' | 'sarif';
          failOn: FailOn;
          kubernetesVersion: string;
          timing?: string;
          output?: string;
          stdinName: string;
          severity: Record<string, string>;
        },
      ) => {
        let timing: TimingInput | undefined;
        if (opts.timing) {
          try {
            timing = JSON.parse(io.readFile(opts.timing)) as TimingInput;
          } catch (e) {
            io.stderr(
              `sidecar-lens: cannot read timing file ${opts.timing}: ${(e as Error).message}\n`,
            );
            exitCode = EXIT_USAGE;
            return;
          }
        }
        const options: AnalyzeOptions = {
          kubernetesVersion: opts.kubernetesVersion,
          timing,
          severityOverrides: opts.severity as AnalyzeOptions['severityOverrides'],
          // SARIF carries no fixed manifest; the table says one exists, JSON prints it.
          includeFixes: opts.format !== 'sarif',
        };
        const cwd = io.cwd ?? process.cwd();
        const inputs = resolveInputs(files, cwd, opts.stdinName);
        const problems = [...inputs.problems];
        const results: FileResult[] = [];
        for (const input of inputs.files) {
          let text: string;
          try {
            text = input.path === null ? io.readStdin() : io.readFile(input.path);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
            problems.push({
              argument: input.display,
              message: `cannot read ${input.display}: ${code}`,
            });
            continue;
          }
          const result = analyzeManifest(text, options);
          if (!result.ok) {
            for (const issue of result.issues) {
              io.stderr(`sidecar-lens: ${issue.field}: ${issue.message}\n`);
            }
            exitCode = EXIT_USAGE;
            return;
          }
          results.push({ file: input.display, report: result.report, text });
        }
        for (const p of problems) io.stderr(`sidecar-lens: ${p.message}\n`);
        // A file that cannot be read still gets the others' results (SARIF records it as a failed
        // input), but the command failed: exit 2.
        const rendered =
          opts.format === 'json'
            ? formatJson(results, version, problems)
            : opts.format === 'sarif'
              ? `${JSON.stringify(buildSarif(results, { toolVersion: version, srcRoot: cwd, problems }), null, 2)}\n`
              : formatTable(results);
        if (opts.output) {
          try {
            (io.writeFile ?? writeFileAtomic)(path.resolve(cwd, opts.output), rendered);
          } catch (e) {
            io.stderr(
              `sidecar-lens: cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
            );
            exitCode = EXIT_USAGE;
            return;
          }
        } else {
          io.stdout(rendered);
        }
        if (problems.length > 0) {
          exitCode = EXIT_USAGE;
          return;
        }
        exitCode = shouldFail(results, opts.failOn) ? EXIT_FINDINGS : EXIT_OK;
      },
    );

  program
    .command('rules')
    .description('List every rule: id, default severity, category and title.')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json', 'markdown'])
        .default('table'),
    )
    .action((opts: { format: 'table' | 'json' | 'markdown' }) => {
      io.stdout(formatRules(opts.format));
    });

  // `fleet` is asynchronous (streams, worker threads): it sets process.exitCode when it ends.
  registerFleetCommand(
    program,
    io === defaultIo ? defaultFleetIo : { ...defaultFleetIo, stdout: io.stdout, stderr: io.stderr },
    version,
    (done) => {
      fleetRun = done;
      void done.then((code) => {
        process.exitCode = code;
      });
    },
  );

  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (
      code === 'commander.helpDisplayed' ||
      code === 'commander.version' ||
      code === 'commander.help'
    ) {
      return EXIT_OK;
    }
    return EXIT_USAGE;
  }
  return exitCode;
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2));
}
