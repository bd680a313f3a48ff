import { LoggerService } from '@backstage/backend-plugin-api';
import { spawn } from 'node:child_process';
import { childEnvironment } from '../../security/childEnvironment';

/** How one Terraform command runs and what happens to its output. */
export interface TerraformCommand {
  binary: string;
  cwd: string;
  args: string[];
  /** Merged over the allow-listed part of the backend's environment. */
  environment: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * `json`: stdout is Terraform's machine-readable UI (`-json`); progress
   * messages are logged, output values never. `text`: stdout lines are
   * logged as they are; only for commands that print no values (init).
   * `capture`: stdout is returned and never logged (`output`, `state`).
   */
  stdout: 'json' | 'text' | 'capture';
  logger?: LoggerService;
}

export interface TerraformResult {
  exitCode: number;
  /** Only for `capture`; may hold secrets, so never log it. */
  stdout: string;
  /** Error diagnostics, `summary: detail (file:line)`; never values. */
  errors: string[];
}

/** Thrown when a command fails; the message names the command and why. */
export class TerraformError extends Error {
  constructor(readonly command: string, readonly reasons: string[]) {
    super(`${command} failed: ${reasons.join('; ')}`);
    this.name = 'TerraformError';
  }
}

/** UI message types whose `@message` carries no values (outputs do). */
const LOGGED_TYPES = new Set([
  'log',
  'planned_change',
  'resource_drift',
  'change_summary',
  'refresh_start',
  'refresh_complete',
  'apply_start',
  'apply_progress',
  'apply_complete',
  'apply_errored',
  'provision_start',
  'provision_progress',
  'provision_complete',
  'provision_errored',
  'ephemeral_op_start',
  'ephemeral_op_complete',
]);

/** SIGINT lets Terraform stop cleanly and write its state; then SIGKILL. */
const INTERRUPT_GRACE_MS = 30_000;

/** Terraform's own settings for plugin caches and CLI config, nothing else. */
const TERRAFORM_INHERITED = [/^TF_PLUGIN_CACHE_DIR$/, /^TF_CLI_CONFIG_FILE$/];

export interface UiMessage {
  type?: string;
  '@level'?: string;
  '@message'?: string;
  diagnostic?: {
    severity?: string;
    summary?: string;
    detail?: string;
    range?: { filename?: string; start?: { line?: number } };
  };
}

/**
 * Runs a Terraform (or OpenTofu) command non-interactively. Resolves with
 * the exit code, so callers can read `plan -detailed-exitcode`; a timeout
 * or abort interrupts it and rejects.
 */
export function runTerraform(
  command: TerraformCommand,
): Promise<TerraformResult> {
  const name = `${commandName(command.binary)} ${command.args[0]}`;
  return new Promise((resolve, reject) => {
    const child = spawn(command.binary, command.args, {
      cwd: command.cwd,
      env: {
        ...childEnvironment(command.environment, TERRAFORM_INHERITED),
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        // No calls home for version and security notices.
        CHECKPOINT_DISABLE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const errors: string[] = [];
    const captured: Buffer[] = [];
    const stderr: string[] = [];
    let pending = '';
    let stopped: string | undefined;

    const onLine = (line: string) => {
      if (!line.trim()) return;
      if (command.stdout === 'text') {
        command.logger?.info(line.trimEnd());
        return;
      }
      let message: UiMessage;
      try {
        message = JSON.parse(line);
      } catch {
        return; // not Terraform's UI: nothing known to be safe to log
      }
      if (message.type === 'diagnostic' && message.diagnostic) {
        const text = describeDiagnostic(message.diagnostic);
        if (message.diagnostic.severity !== 'error') {
          command.logger?.warn(text);
        } else if (!errors.includes(text)) {
          errors.push(text);
          command.logger?.error(text);
        }
      } else if (LOGGED_TYPES.has(message.type ?? '') && message['@message']) {
        command.logger?.info(message['@message']);
      }
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (command.stdout === 'capture') {
        captured.push(chunk);
        return;
      }
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(...chunk.toString('utf8').split('\n'));
    });

    const stop = (why: string) => {
      if (stopped || child.exitCode !== null) return;
      stopped = why;
      command.logger?.warn(`${name} ${why}: interrupting it`);
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), INTERRUPT_GRACE_MS).unref();
    };
    const timer = setTimeout(
      () => stop(`timed out after ${Math.round(command.timeoutMs / 1000)} s`),
      command.timeoutMs,
    );
    const onAbort = () => stop('was aborted');
    command.signal?.addEventListener('abort', onAbort);
    if (command.signal?.aborted) onAbort();

    child.on('error', error => {
      clearTimeout(timer);
      command.signal?.removeEventListener('abort', onAbort);
      reject(new TerraformError(name, [error.message]));
    });
    child.on('close', code => {
      clearTimeout(timer);
      command.signal?.removeEventListener('abort', onAbort);
      onLine(pending);
      if (stopped) {
        reject(new TerraformError(name, [stopped, ...errors]));
        return;
      }
      if (code !== 0 && !errors.length) {
        errors.push(...stderrErrors(stderr));
      }
      resolve({
        exitCode: code ?? 1,
        stdout: Buffer.concat(captured).toString('utf8'),
        errors,
      });
    });
  });
}

/**
 * Runs a command and throws {@link TerraformError} unless its exit code is
 * one of `ok` (`plan -detailed-exitcode` exits 2 for "changes").
 */
export async function runTerraformOrThrow(
  command: TerraformCommand,
  ok: number[] = [0],
): Promise<TerraformResult> {
  const result = await runTerraform(command);
  if (!ok.includes(result.exitCode)) {
    throw new TerraformError(
      `${commandName(command.binary)} ${command.args[0]}`,
      result.errors.length ? result.errors : [`exit code ${result.exitCode}`],
    );
  }
  return result;
}

/**
 * The error diagnostics of human-readable output (stderr of `init`,
 * `output`, ...): `Error: <summary>` blocks, with `on <file> line <n>` and
 * the explanation after the source snippet.
 */
function stderrErrors(lines: string[]): string[] {
  const blocks: string[][] = [];
  for (const raw of lines) {
    const line = raw.replace(/^[│╷╵]\s?/, '').trimEnd();
    if (line.startsWith('Error: ')) blocks.push([line]);
    else if (blocks.length) blocks[blocks.length - 1].push(line);
  }
  const errors = blocks.map(block => {
    const summary = block[0].slice('Error: '.length);
    const on = block.map(l => /^\s*on (\S+) line (\d+)/.exec(l)).find(Boolean);
    const paragraphs = block
      .slice(1)
      .join('\n')
      .split(/\n\s*\n/)
      .map(p => p.trim())
      .filter(p => p && !/^\s*on \S+ line \d+/.test(p));
    const detail = on ? paragraphs[paragraphs.length - 1] : paragraphs[0];
    return {
      located: Boolean(on),
      text: `${summary}${detail ? `: ${detail.replace(/\s+/g, ' ')}` : ''}${
        on ? ` (${on[1]}:${on[2]})` : ''
      }`,
    };
  });
  // Terraform adds a generic block ("problems during initialisation")
  // before the ones that point at the configuration.
  const located = errors.filter(e => e.located);
  const chosen = located.length ? located : errors;
  if (chosen.length) return chosen.map(e => e.text);
  return lines
    .map(l => l.trim())
    .filter(Boolean)
    .slice(-3);
}

/**
 * The JSON document a `capture` command printed. OpenTofu prints CLI
 * warnings (e.g. about its configuration file) on stdout before it.
 */
export function parseJsonStdout<T>(stdout: string): T {
  const start = stdout.search(/^["{[]/m);
  if (start < 0) {
    throw new Error('printed no JSON document');
  }
  const rest = stdout.slice(start);
  try {
    return JSON.parse(rest);
  } catch {
    // Something follows the document: cut it at its last line.
    const end =
      rest[0] === '"' ? rest.indexOf('\n') : rest.search(/^[}\]]$/m) + 1;
    return JSON.parse(end > 0 ? rest.slice(0, end) : rest);
  }
}

/** One diagnostic of Terraform's JSON output, without its source snippet. */
export function describeDiagnostic(
  d: NonNullable<UiMessage['diagnostic']>,
): string {
  const where = d.range?.filename
    ? ` (${d.range.filename}:${d.range.start?.line ?? '?'})`
    : '';
  return `${d.summary ?? 'unknown problem'}${
    d.detail ? `: ${d.detail.replace(/\s+/g, ' ').trim()}` : ''
  }${where}`;
}

function commandName(binary: string): string {
  return binary.split('/').pop() ?? binary;
}
