// Legacy sidecars (long-running helpers in spec.containers) are recognised by the advisor's
// classification (classification/classify.ts); this file knows how an app stops its helpers itself.

import type { Container } from '../k8s/types';

// The workarounds an app uses to stop its helpers when it is done (user-pains A.2).
const STOP_CALLS =
  /quitquitquit|\/quit\b|pilot-agent\s+request\s+post\s+quit|linkerd-await\s+.*--shutdown|\/shutdown\b/i;

/** Whether the app container's command tells its helpers to exit when it finishes. */
export function stopsHelpersItself(container: Container): boolean {
  const text = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return STOP_CALLS.test(text);
}

/** An exit status a container's command states outright, with the words that say so. */
export interface StatedExit {
  code: number;
  /** The statement, as written: `exit 1`. */
  statement: string;
}

// `sh -c`, `/bin/bash -ec`, `ash -xc`: a POSIX shell running the script that follows.
const SHELL = /^(?:\/usr)?(?:\/bin\/)?(?:ba|da|a|z)?sh$/;
const SHELL_FLAGS = /^-[a-z]*c[a-z]*$/;
// Statements that end the script elsewhere or change how it ends: another exit or return, exec
// (the shell is replaced), a trap (runs at exit, can exit itself), a here-document (its body is
// not script), a function definition, eval.
const OTHER_ENDINGS =
  /(^|[^\w-])(exit|return|exec|trap|eval|source|function)(?![\w-])|<<|\(\)\s*\{|(^|\s)\.\s/;

// Something before the exit that may run forever, so the exit is never reached: a while / until
// loop, `sleep infinity`, `tail -f`, a server.
const MAY_NEVER_END =
  /(^|[^\w-])(while|until)(?![\w-])|sleep\s+inf|(^|[\s;&|(])tail\s+(?:-\S+\s+)*-[a-zA-Z]*[fF]/;

// `set -e`, `set -xe`, `set -o errexit`: the script ends at the first command that fails.
const ERREXIT = /(^|[\s;&|(])set\s+(?:-[a-zA-Z]*e[a-zA-Z]*|(?:-\S+\s+)*-o\s+errexit)(?![\w-])/;

/**
 * The exit status of a container whose command is a shell script that ends with an unconditional
 * `exit N` (or `false`): nothing in the script can end it before that statement (no other exit,
 * exec or trap, no loop that may never end), and the statement is at the top level, not inside an if, a loop, a case, a group
 * or after `&&` / `||` / `|`. The script's status is its last command's (POSIX Shell Command
 * Language 2.9.2), so `exit 1` ends the container with 1. Null when the script does not say so
 * beyond doubt.
 */
export function statedExitCode(container: Container): StatedExit | null {
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  const [shell, flags, script] = words;
  if (shell === undefined || flags === undefined || script === undefined) return null;
  if (!SHELL.test(shell) || !SHELL_FLAGS.test(flags)) return null;
  // `sh -c 'script' name args...`: the extra words are $0 and the positional parameters.
  const statements = topLevelStatements(script);
  if (statements === null || statements.length === 0) return null;
  const last = statements[statements.length - 1] as { text: string; after: string };
  // After `&&` or `||` it may not run; in a pipeline it runs in a subshell. After `;`, a newline
  // or `&` (the command before it runs in the background) it always runs.
  if (!['', ';', '\n', '&'].includes(last.after)) return null;
  const before = statements
    .slice(0, -1)
    .map((s) => s.text)
    .join('\n');
  if (OTHER_ENDINGS.test(before) || MAY_NEVER_END.test(before)) return null;
  // Under errexit (`sh -ec`, `set -e`, `set -o errexit`) a command before the exit that fails ends
  // the script with its own status (POSIX 2.14 `set -e`), so `exit N` is not then beyond doubt.
  if (before !== '' && (/e/.test(flags) || ERREXIT.test(before))) return null;
  const m = /^(?:exit\s+(\d{1,3})|(?:\/usr)?(?:\/bin\/)?(false))$/.exec(last.text);
  if (!m) return null;
  if (m[2] !== undefined) return { code: 1, statement: last.text };
  return { code: Number(m[1]) % 256, statement: last.text };
}

/**
 * The script split at its top-level separators (`;`, a newline, `&&`, `||`, `|`, `&`), each
 * statement with the separator before it (`after`: '' for the first). Null when the script is not
 * plain enough to be sure: an unterminated quote, or an if / loop / case / group / subshell left
 * open where the last statement begins.
 */
function topLevelStatements(script: string): { text: string; after: string }[] | null {
  const out: { text: string; after: string }[] = [];
  let current = '';
  let sep = '';
  let quote: "'" | '"' | null = null;
  const push = (next: string): void => {
    const text = current.trim();
    current = '';
    if (text !== '') {
      out.push({ text, after: sep });
      sep = next;
    } else if (next !== ';' && next !== '\n') {
      sep = next;
    }
    // A blank line keeps the separator before it: `cmd &&` then a newline still joins cmd.
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (quote !== null) {
      current += ch;
      if (ch === '\\' && quote === '"' && i + 1 < script.length) current += script[++i];
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '\\' && i + 1 < script.length) {
      const next = script[++i] as string;
      // A backslash-newline joins two lines into one.
      if (next !== '\n') current += ch + next;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === '#' && /(^|\s)$/.test(current)) {
      // A comment runs to the end of the line.
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      push(two);
      i++;
      continue;
    }
    // `>&2`, `2>&1`, `<&3`: a redirection, not a separator.
    if (ch === '&' && /[<>]$/.test(current)) {
      current += ch;
      continue;
    }
    if (ch === ';' || ch === '\n' || ch === '|' || ch === '&') {
      push(ch);
      continue;
    }
    current += ch;
  }
  if (quote !== null) return null;
  push('');
  // Compound commands must be closed before the last statement.
  const head = out
    .slice(0, -1)
    .map((s) => s.text)
    .join(' ; ');
  const count = (re: RegExp): number => (head.match(re) ?? []).length;
  const word = (w: string): RegExp => new RegExp(`(^|[\\s;(])${w}(?=$|[\\s;)])`, 'g');
  const balanced =
    count(word('if')) === count(word('fi')) &&
    count(word('case')) === count(word('esac')) &&
    count(word('do')) === count(word('done')) &&
    count(word('\\{')) === count(word('\\}')) &&
    (head.match(/\(/g) ?? []).length === (head.match(/\)/g) ?? []).length;
  return balanced ? out : null;
}
