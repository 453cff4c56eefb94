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
