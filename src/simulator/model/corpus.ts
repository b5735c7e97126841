import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CorpusFile {
  path: string;
  text: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.tools', '.vscode-test']);
const MAX_FILE_BYTES = 256 * 1024;
const MAX_FILES = 2000;

/** Text files under `dir` (sorted, binary and huge files skipped): earlier text the FIM model has "seen". */
export function loadCorpus(dir: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  walk(dir, dir, files);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

function walk(root: string, dir: string, out: CorpusFile[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (out.length >= MAX_FILES) return;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(root, full, out);
    } else if (st.isFile() && st.size <= MAX_FILE_BYTES) {
      const buf = readFileSync(full);
      if (!buf.includes(0)) out.push({ path: relative(root, full), text: buf.toString('utf8') });
    }
  }
}
