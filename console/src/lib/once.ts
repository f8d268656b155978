/**
 * One submission at a time: a dialog's OK (or a form's submit) that runs
 * its task only if the last one has finished. antd's `confirmLoading` with
 * a mutation's `isPending` disables the button only once the request has
 * started, after the form's (asynchronous) validation: a double click in
 * between sent the request twice. This guard is set at the first click.
 */
import { useCallback, useRef, useState } from 'react';

export interface Once {
  /** Runs `task` unless one is running; its failure is the task's to report (it is not thrown again). */
  run(task: () => Promise<unknown>): Promise<void>;
  /** True from the first click until the task has ended: for the button's loading state. */
  readonly busy: boolean;
}

export function useOnce(): Once {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (task: () => Promise<unknown>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await task();
    } catch {
      // A form that did not validate shows why at its fields; a refused request was reported by the task.
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { run, busy };
}
