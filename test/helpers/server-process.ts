/**
 * fapiao-hub as its own process (`src/server.ts`), as it runs in
 * production: for start-up, shutdown and multi-instance tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** stdout and stderr as they came, interleaved. */
  output(): string;
  /** stdout alone (JSON log lines) and stderr alone (the first start's banner, messages). */
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['src/server.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"listening"/.exec(output);
      if (!match?.[1]) return;
      child.stdout.off('data', check);
      const url = match[1];
      // The dev banner, when there is one, follows the "listening" line.
      setTimeout(() => {
        clearTimeout(timer);
        resolve({
          child,
          url,
          output: () => output,
          stdout: () => stdout,
          stderr: () => stderr,
          stop(signal = 'SIGTERM') {
            child.kill(signal);
            return exited;
          },
        });
      }, 500);
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
