import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeWithTable } from '../../scripts/settingsTable';

describe('README', () => {
  it('documents every setting exactly as package.json declares it (run `npx tsx scripts/settingsTable.ts --write`)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.equal(readme, readmeWithTable(readme));
  });

  it('names the two commands: one that runs the offline demo, one that runs the tests', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.match(readme, /npm start/);
    assert.match(readme, /npm test/);
  });
});
