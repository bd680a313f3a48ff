import { APIRequestContext, expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

const templates = resolve(__dirname, '../../templates');

/** A Backstage token of the demo's guest user. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/auth/guest/refresh', { data: {} });
  expect(response.status()).toBe(200);
  return (await response.json()).backstageIdentity.token;
}

export interface TaskResult {
  status: string;
  output: Record<string, any>;
  /** Log lines and the error message, for assertions and failure reports. */
  log: string;
}

/** Asks the scaffolder for a task; the answer says whether it was accepted. */
export async function createTask(
  request: APIRequestContext,
  token: string,
  template: string,
  values: Record<string, unknown>,
) {
  const response = await request.post('/api/scaffolder/v2/tasks', {
    headers: { Authorization: `Bearer ${token}` },
    data: { templateRef: `template:default/${template}`, values },
  });
  return { status: response.status(), text: await response.text() };
}

/** Runs a template through the scaffolder REST API and waits for the end. */
export async function runTemplate(
  request: APIRequestContext,
  token: string,
  template: string,
  values: Record<string, unknown>,
  timeoutMs = 240_000,
): Promise<TaskResult> {
  const headers = { Authorization: `Bearer ${token}` };
  const created = await request.post('/api/scaffolder/v2/tasks', {
    headers,
    data: { templateRef: `template:default/${template}`, values },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await (
      await request.get(`/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      const events = await (
        await request.get(`/api/scaffolder/v2/tasks/${id}/events`, {
          headers,
        })
      ).json();
      const list = events as Array<{
        type: string;
        body: {
          message?: string;
          error?: { message: string };
          output?: Record<string, any>;
        };
      }>;
      const log = list
        .map(e => e.body.error?.message ?? e.body.message ?? '')
        .join('\n');
      // The task's output travels in its completion event.
      const output = list.find(e => e.type === 'completion')?.body.output ?? {};
      return { status: task.status, output, log };
    }
    if (Date.now() > deadline) {
      throw new Error(`task ${id} still ${task.status} after ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The template and its files, as the template editor sends them. */
function templateDirectory(template: string) {
  const root = join(templates, template);
  const files: Array<{ path: string; base64Content: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        files.push({
          path: relative(root, full),
          base64Content: readFileSync(full).toString('base64'),
        });
      }
    }
  };
  walk(root);
  return {
    template: parse(readFileSync(join(root, 'template.yaml'), 'utf8')),
    directoryContents: files,
  };
}

/** The scaffolder's dry run of a template from this repository. */
export async function dryRunTemplate(
  request: APIRequestContext,
  token: string,
  template: string,
  values: Record<string, unknown>,
) {
  const response = await request.post('/api/scaffolder/v2/dry-run', {
    headers: { Authorization: `Bearer ${token}` },
    data: { ...templateDirectory(template), values, secrets: {} },
    timeout: 120_000,
  });
  const body = await response.json();
  return { status: response.status(), body };
}
