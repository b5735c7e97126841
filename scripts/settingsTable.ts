/**
 * The README's settings table, generated from package.json so it cannot drift:
 * `npx tsx scripts/settingsTable.ts --write` rewrites the block between the SETTINGS markers;
 * test/unit/readme.test.ts fails when the README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Setting {
  type?: string | string[];
  default?: unknown;
  scope?: string;
  description?: string;
  markdownDescription?: string;
}

const ROOT = join(__dirname, '..');
export const START = '<!-- SETTINGS:START (generated from package.json by scripts/settingsTable.ts) -->';
export const END = '<!-- SETTINGS:END -->';

export function settingsTable(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: Array<{ title: string; properties: Record<string, Setting> }> };
  };
  const out: string[] = [];
  for (const group of pkg.contributes.configuration) {
    out.push(`### ${group.title}`, '', '| Setting | Default | Scope | Description |', '|---|---|---|---|');
    for (const [key, s] of Object.entries(group.properties)) {
      const description = (s.markdownDescription ?? s.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
      out.push(`| \`${key}\` | \`${JSON.stringify(s.default)}\` | ${s.scope ?? ''} | ${description} |`);
    }
    out.push('');
  }
  return `${START}\n${out.join('\n')}${END}`;
}

export function readmeWithTable(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < 0) throw new Error('README has no SETTINGS markers');
  return readme.slice(0, from) + settingsTable() + readme.slice(to + END.length);
}

if (process.argv.includes('--write')) {
  const path = join(ROOT, 'README.md');
  writeFileSync(path, readmeWithTable(readFileSync(path, 'utf8')));
}
