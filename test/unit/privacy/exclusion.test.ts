import { strict as assert } from 'node:assert';
import { DEFAULT_EXCLUDE_GLOBS, ExclusionMatcher, parseIgnoreFile } from '../../../src/core/privacy/exclusion';
import { compileGlob } from '../../../src/core/privacy/glob';

const defaults = new ExclusionMatcher([{ label: 'setting', patterns: DEFAULT_EXCLUDE_GLOBS }]);

describe('ExclusionMatcher defaults', () => {
  const secretFiles = [
    '.env',
    'apps/web/.env',
    '.env.local',
    'deploy/.env.production',
    'certs/server.pem',
    'tls/private.key',
    'keys/client.p12',
    'keys/client.pfx',
    'android/app/release.keystore',
    'build/signing.jks',
    'id_rsa',
    'home/.ssh/id_rsa.pub',
    'id_ed25519',
    '.npmrc',
    'packages/a/.npmrc',
    '.pypirc',
    '.netrc',
    '.git-credentials',
    '.aws/credentials',
    'home/me/.aws/credentials',
    '.docker/config.json',
    '.kube/config',
    'config/credentials.json',
    'config/secrets.yml',
    'secrets.json',
    'infra/prod.tfvars',
  ];
  for (const path of secretFiles) {
    it(`excludes ${path}`, () => assert.equal(defaults.excludes(path).excluded, true));
  }

  const codeFiles = [
    'src/env.ts',
    'src/environment.ts',
    'docs/keys.md',
    'src/secretsManager.ts',
    'config/credentials.ts',
    'src/rsa/keygen.ts',
    'README.md',
    'docker/config.json',
    'src/kube/config.ts',
    'keyboard.ts',
  ];
  for (const path of codeFiles) {
    it(`serves ${path}`, () => assert.equal(defaults.excludes(path).excluded, false));
  }

  it('names the pattern and its source in the reason, and accepts Windows separators', () => {
    assert.deepEqual(defaults.excludes('certs\\server.pem'), { excluded: true, reason: 'matches "*.pem" (setting)' });
    assert.deepEqual(defaults.excludes('./.env'), { excluded: true, reason: 'matches ".env" (setting)' });
  });
});

describe('parseIgnoreFile', () => {
  it('drops comments and blank lines, keeps negations, escapes and anchors', () => {
    const text = '# generated\n\nfixtures/\n/build\n!build/keep.ts\n\\#notes.txt\ntrailing.txt   \r\n*.sql\n';
    assert.deepEqual(parseIgnoreFile(text), ['fixtures/', '/build', '!build/keep.ts', '\\#notes.txt', 'trailing.txt', '*.sql']);
  });
});

describe('ExclusionMatcher with a .tandemignore', () => {
  const matcher = new ExclusionMatcher([
    { label: 'setting', patterns: DEFAULT_EXCLUDE_GLOBS },
    {
      label: '.tandemignore',
      patterns: parseIgnoreFile('fixtures/\n/build\n!build/keep.ts\ndocs/**/*.{sql,csv}\nlogs/?.log\n!.env\n!*.pem\n'),
    },
  ]);

  it('directory patterns exclude everything below the directory at any depth', () => {
    assert.deepEqual(matcher.excludes('test/fixtures/data.json'), { excluded: true, reason: 'matches "fixtures/" (.tandemignore)' });
    assert.equal(matcher.excludes('fixtures.ts').excluded, false);
  });

  it('anchored patterns match from the root only', () => {
    assert.equal(matcher.excludes('build/out.js').excluded, true);
    assert.equal(matcher.excludes('tools/build/out.js').excluded, false);
  });

  it('negation re-includes what an earlier .tandemignore line excluded', () => {
    assert.deepEqual(matcher.excludes('build/keep.ts'), { excluded: false });
  });

  it('supports **, {a,b} and ?', () => {
    assert.equal(matcher.excludes('docs/a/b/dump.sql').excluded, true);
    assert.equal(matcher.excludes('docs/report.csv').excluded, true);
    assert.equal(matcher.excludes('docs/report.md').excluded, false);
    assert.equal(matcher.excludes('logs/1.log').excluded, true);
    assert.equal(matcher.excludes('logs/10.log').excluded, false);
  });

  it('a .tandemignore cannot re-include what the settings exclude', () => {
    assert.deepEqual(matcher.excludes('.env'), { excluded: true, reason: 'matches ".env" (setting)' });
    assert.equal(matcher.excludes('certs/server.pem').excluded, true);
  });

  it('negation within the user’s settings works like .gitignore', () => {
    const m = new ExclusionMatcher([{ label: 'setting', patterns: [...DEFAULT_EXCLUDE_GLOBS, '!.env.example'] }]);
    assert.equal(m.excludes('.env.example').excluded, false);
    assert.equal(m.excludes('.env.local').excluded, true);
  });

  it('a cloned workspace’s settings add exclusions but cannot re-include the built-in ones', () => {
    const m = new ExclusionMatcher([
      { label: 'setting', patterns: DEFAULT_EXCLUDE_GLOBS },
      { label: 'workspace setting', patterns: ['!.env', '!**/*.pem', 'generated/**', '!generated/keep.ts'] },
    ]);
    assert.deepEqual(m.excludes('.env'), { excluded: true, reason: 'matches ".env" (setting)' });
    assert.equal(m.excludes('certs/server.pem').excluded, true);
    assert.deepEqual(m.excludes('generated/api.ts'), { excluded: true, reason: 'matches "generated/**" (workspace setting)' });
    assert.equal(m.excludes('generated/keep.ts').excluded, false);
  });

  it('matching costs microseconds', () => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) matcher.excludes(`packages/app${i % 50}/src/components/widget${i}.tsx`);
    const usPerCall = Number(process.hrtime.bigint() - started) / 1e3 / 10_000;
    assert.ok(usPerCall < 20, `${usPerCall.toFixed(2)} µs per call`);
  });
});

describe('compileGlob', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.key', 'a/b/c.key', true],
    ['*.key', 'a/b/c.keys', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/a/b.ts', false],
    ['src/**/*.ts', 'src/a/b.ts', true],
    ['src/**/*.ts', 'src/b.ts', true],
    ['**/.aws/credentials', '.aws/credentials', true],
    ['a/**', 'a/b/c', true],
    ['*.{pem,crt}', 'x.crt', true],
    ['file[0-9].txt', 'file7.txt', true],
    ['file[!0-9].txt', 'file7.txt', false],
    ['a+b(c).txt', 'a+b(c).txt', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () =>
      assert.equal(compileGlob(glob).matches(path.toLowerCase().split('/')), expected));
  }
});

describe('ExclusionMatcher against hostile and unusual input', () => {
  it('ignores case: .ENV, Server.PEM, ID_RSA, .AWS/Credentials', () => {
    for (const path of ['.ENV', 'certs/Server.PEM', 'ID_RSA', 'home/.AWS/Credentials', 'Deploy/KubeConfig-prod']) {
      assert.equal(defaults.excludes(path).excluded, true, path);
    }
  });

  it('excludes the credential files the issue lists', () => {
    const paths = [
      '.envrc',
      'worker/.dev.vars',
      'api/local.settings.json',
      'keys/deploy.ppk',
      'kubeconfig',
      'kubeconfig-staging.yaml',
      '.config/gcloud/application_default_credentials.json',
      '.boto',
      '.s3cfg',
      '.terraformrc',
      '.yarnrc.yml',
      '.bash_history',
      '.zsh_history',
      '.config/fish/fish_history',
      '.config/gh/hosts.yml',
      '.m2/settings.xml',
      'android/gradle.properties',
    ];
    for (const path of paths) assert.equal(defaults.excludes(path).excluded, true, path);
  });

  it('judges a link by its target too: notes.txt -> .env is excluded, with the reason', () => {
    const verdict = defaults.excludes('notes.txt', '.env');
    assert.equal(verdict.excluded, true);
    assert.match(verdict.reason ?? '', /target of a link/);
    assert.equal(defaults.excludes('notes.txt', 'docs/notes.md').excluded, false);
  });

  it('skips and reports an invalid line without dropping the others', () => {
    const m = new ExclusionMatcher([{ label: '.tandemignore', patterns: ['[z-a]', 'secret-notes/', '*.sql'] }]);
    assert.deepEqual(
      m.invalid.map((i) => i.pattern),
      ['[z-a]'],
    );
    assert.equal(m.excludes('secret-notes/a.md').excluded, true);
    assert.equal(m.excludes('db/dump.sql').excluded, true);
  });

  it('checks hostile patterns in well under 5 ms', () => {
    const hostile = ['**/'.repeat(40) + 'x', 'a*'.repeat(40) + 'b', '*a'.repeat(30) + '/**/' + '*b'.repeat(30), '?*'.repeat(40) + '.env'];
    const paths = [Array.from({ length: 60 }, () => 'a').join('/') + '/y', 'ab'.repeat(2000) + 'c', 'a'.repeat(4000)];
    for (const pattern of hostile) {
      const m = new ExclusionMatcher([{ label: 'x', patterns: [pattern] }]);
      for (const path of paths) {
        const started = process.hrtime.bigint();
        m.excludes(path);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        assert.ok(ms < 5, `${pattern.slice(0, 20)}… on ${path.slice(0, 20)}… took ${ms.toFixed(2)} ms`);
      }
    }
  });
});
