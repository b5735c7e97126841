/**
 * Entry point VS Code's extension host calls (extensionTestsPath): runs every *.test.js next to
 * this file with mocha and resolves/rejects with the result. The results also go to
 * $TANDEM_TEST_RESULTS (a file), because the page-side log arrives with raw %s placeholders.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: FileReporter });
  const grep = process.env.TANDEM_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

/** Spec-like reporter that writes plain lines to the console and to the results file. */
class FileReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner) {
    super(runner);
    const file = process.env.TANDEM_TEST_RESULTS;
    const out = (line: string): void => {
      console.log(line);
      if (file) appendFileSync(file, `${line}\n`);
    };
    runner.on('suite', (s) => s.title && out(`  ${s.fullTitle()}`));
    runner.on('pass', (t) => out(`    ✓ ${t.title} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err: Error) => out(`    ✗ ${t.title}\n      ${err.stack ?? err.message}`));
    runner.on('pending', (t) => out(`    - ${t.title} (pending)`));
    runner.once('end', () => out(`RESULT ${this.stats.passes} passing, ${this.stats.failures} failing, ${this.stats.pending} pending`));
  }
}
