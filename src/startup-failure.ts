/** A start-up failure whose message already says what failed and where, in one line. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * One line for any failure, never `undefined`: the message; else the error's name, code and
 * cause; else what was thrown. A database URL in it loses its password.
 */
export function describeFailure(e: unknown): string {
  let text: string;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = e.message.trim();
    if (message !== '') {
      text = message;
    } else {
      const cause = e.cause !== undefined ? `: ${describeFailure(e.cause)}` : '';
      text = `${e.name}${typeof code === 'string' ? ` ${code}` : ''} without a message${cause}`;
    }
  } else if (e === undefined || e === null) {
    text = `no reason given (${String(e)} was thrown)`;
  } else if (typeof e === 'object') {
    try {
      text = JSON.stringify(e);
    } catch {
      text = Object.prototype.toString.call(e);
    }
  } else {
    text = String(e).trim() === '' ? 'no reason given (an empty string was thrown)' : String(e);
  }
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@')
    .replace(/\s+/g, ' ')
    .trim();
}
