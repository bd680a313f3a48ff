import { execFile } from 'node:child_process';
import { childEnvironment } from '../../security/childEnvironment';

/** The launcher may build itself with Go, and reads its own settings. */
const LAUNCHER_INHERITED = [/^GO[A-Z0-9_]*$/, /^TESTBED_/];

/** Result of one launcher call: its JSON answer, if any, and its log. */
export interface LauncherResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs `testbed/testbed <args>`. The launcher prints JSON on stdout and its
 * progress on stderr; neither carries credentials (only file paths).
 */
export function runLauncher(
  command: string,
  args: string[],
  options: { environment: Record<string, string>; timeoutMs: number },
): Promise<LauncherResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: childEnvironment(options.environment, LAUNCHER_INHERITED),
        timeout: options.timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const lastLines = stderr.trim().split('\n').slice(-3).join('; ');
          reject(
            new Error(
              `testbed ${args.join(' ')} failed${
                error.killed ? ` (timed out after ${options.timeoutMs} ms)` : ''
              }: ${lastLines || error.message}`,
            ),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}
