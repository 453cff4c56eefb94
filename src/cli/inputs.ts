// What the CLI reads: files, directories (recursively, as kube-linter and kubeconform do), glob
// patterns the shell did not expand (quoted in CI configs), and "-" for standard input.

import { statSync } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

/** Manifest file names the CLI picks up inside a directory or from a glob. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
const IGNORED_DIRS = ['**/node_modules/**', '**/.git/**'];

export interface InputFile {
  /** What the user sees: the path as given or found, relative to the working directory. */
  display: string;
  /** Where to read it; null for standard input. */
  path: string | null;
}

export interface InputProblem {
  /** The argument as given. */
  argument: string;
  message: string;
}

export interface ResolvedInputs {
  files: InputFile[];
  problems: InputProblem[];
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/**
 * Expands the arguments in order: a directory yields its manifests (sorted), a glob its matches
 * (sorted), a file itself; each file once. An argument that names nothing is a problem the caller
 * reports (exit 2), never a silent skip.
 */
export function resolveInputs(args: string[], cwd: string, stdinName: string): ResolvedInputs {
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (absolute: string): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const relative = path.relative(cwd, absolute);
    files.push({
      display: toPosix(relative.startsWith('..') ? absolute : relative),
      path: absolute,
    });
  };
  for (const arg of args) {
    if (arg === '-') {
      if (!seen.has('-')) {
        seen.add('-');
        files.push({ display: stdinName, path: null });
      }
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(absolute);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      add(absolute);
      continue;
    }
    if (stat?.isDirectory() || isDynamicPattern(toPosix(arg))) {
      const patterns = stat?.isDirectory()
        ? MANIFEST_EXTENSIONS.map((ext) => `${toPosix(arg).replace(/\/+$/, '')}/**/*${ext}`)
        : [toPosix(arg)];
      const matches = globSync(patterns, {
        cwd,
        absolute: true,
        onlyFiles: true,
        ignore: IGNORED_DIRS,
        dot: false,
      })
        .map((m) => path.resolve(m))
        .sort();
      if (matches.length === 0) {
        problems.push({
          argument: arg,
          message: stat?.isDirectory()
            ? `no ${MANIFEST_EXTENSIONS.join(', ')} files in directory ${arg}`
            : `no file matches ${arg}`,
        });
      }
      for (const m of matches) add(m);
      continue;
    }
    problems.push({
      argument: arg,
      message: stat ? `${arg} is not a file or directory` : `${arg}: no such file or directory`,
    });
  }
  return { files, problems };
}
