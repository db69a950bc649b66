/** The `git diff -U0` hunk parser behind --changed-since, the mutant filter, and git's refusals. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changedLinesSince, onChangedLines, parseDiffLines } from '../../lib/mutation/changed-lines.ts';
import type { Mutant } from '../../lib/mutation/mutant.ts';

// Real output of `git -c core.quotePath=false diff -U0 --no-color --no-renames --src-prefix=a/ --dst-prefix=b/ HEAD --`
// (git 2.39): one.sql had lines 2–3 changed (a removed `-- old comment` reads like a `---` header) and two
// lines added after line 4; two new files whose names git quotes or ends with a tab; gone.sql deleted; two.sql
// got a first line `++ x` (reads like a `+++` header), line 2 changed (now line 3), and its last line deleted.
const DIFF = [
  'diff --git a/sql/facts/one.sql b/sql/facts/one.sql',
  'index 95493c0..8b34110 100644',
  '--- a/sql/facts/one.sql',
  '+++ b/sql/facts/one.sql',
  '@@ -2,2 +2,2 @@ select a,',
  '-       b',
  '--- old comment',
  '+       b,',
  '+       c',
  '@@ -4,0 +5,2 @@ from t',
  '+join v on true',
  '+left join w on true',
  'diff --git "a/sql/marts/a \\"b\\".sql" "b/sql/marts/a \\"b\\".sql"',
  'new file mode 100644',
  'index 0000000..82198ea',
  '--- /dev/null',
  '+++ "b/sql/marts/a \\"b\\".sql"\t',
  '@@ -0,0 +1 @@',
  '+select 1',
  'diff --git a/sql/marts/c d.sql b/sql/marts/c d.sql',
  'new file mode 100644',
  'index 0000000..f488dd1',
  '--- /dev/null',
  '+++ b/sql/marts/c d.sql\t',
  '@@ -0,0 +1 @@',
  '+select 2',
  'diff --git a/sql/marts/gone.sql b/sql/marts/gone.sql',
  'deleted file mode 100644',
  'index 26e9436..0000000',
  '--- a/sql/marts/gone.sql',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-select 0',
  'diff --git a/sql/marts/two.sql b/sql/marts/two.sql',
  'index ff5e48d..164328c 100644',
  '--- a/sql/marts/two.sql',
  '+++ b/sql/marts/two.sql',
  '@@ -0,0 +1 @@',
  '+++ x',
  '@@ -2 +3 @@ select x',
  '-from u',
  '+from uu',
  '@@ -4 +4,0 @@ where y = 2',
  '-  and z = 3',
  '',
].join('\n');

const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('parseDiffLines', () => {
  it('gives each file the new-side lines its hunks add or change', () => {
    const lines = parseDiffLines(DIFF);
    expect(Object.fromEntries([...lines].map(([file, numbers]) => [file, [...numbers]]))).toEqual({
      'sql/facts/one.sql': [2, 3, 5, 6],
      'sql/marts/a "b".sql': [1],
      'sql/marts/c d.sql': [1],
      // Line 4 is where the deleted line was: a pure deletion (`+4,0`) adds no line; a deleted file none at all.
      'sql/marts/two.sql': [1, 3],
    });
  });

  it('reads no file from an empty diff and names a hunk header it cannot read', () => {
    expect(parseDiffLines('').size).toBe(0);
    expect(() => parseDiffLines('+++ b/sql/x.sql\n@@ -1 +one @@\n')).toThrow("git diff: cannot read the hunk header '@@ -1 +one @@'");
  });
});

describe('onChangedLines', () => {
  const mutant = (path: string, line: number): Mutant => ({ id: `${path}:${line}`, model: 'm', layer: 'facts', path, line, column: 1, operator: 'comparison', start: 0, end: 1, original: '<', mutated: '<=' });

  it('keeps the mutants starting on a changed line and every mutant of an untracked file', () => {
    const changed = { revision: 'HEAD', commit: 'c0ffee', lines: parseDiffLines(DIFF), untracked: new Set(['sql/facts/new.sql']) };
    const mutants = [mutant('sql/facts/one.sql', 1), mutant('sql/facts/one.sql', 3), mutant('sql/marts/two.sql', 4), mutant('sql/facts/new.sql', 40), mutant('sql/facts/same.sql', 3)];
    expect(onChangedLines(mutants, changed).map((each) => each.id)).toEqual(['sql/facts/one.sql:3', 'sql/facts/new.sql:40']);
  });
});

describe('changedLinesSince', () => {
  it('reads the lines of the given files changed since the revision, a copied file as new whatever the git config says', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'changed-lines-repo-'));
    temps.push(repo);
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    // A user's config that would give other prefixes (`w/`) and turn the copy into a copy of kept.sql without hunks.
    git('config', 'diff.mnemonicPrefix', 'true');
    git('config', 'diff.renames', 'copies');
    await mkdir(join(repo, 'sql'));
    await writeFile(join(repo, 'sql/kept.sql'), 'select 1\nfrom a\nwhere b > 2\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    await writeFile(join(repo, 'sql/copy.sql'), 'select 1\nfrom a\nwhere b > 2\n');
    git('add', 'sql/copy.sql');
    await writeFile(join(repo, 'sql/kept.sql'), 'select 1\nfrom a\nwhere b >= 2\n');
    await writeFile(join(repo, 'sql/new.sql'), 'select 4\n');
    const head = git('rev-parse', 'HEAD').trim();
    const changed = changedLinesSince(repo, 'HEAD', ['sql/kept.sql', 'sql/copy.sql', 'sql/new.sql']);
    expect(changed).toMatchObject({ revision: 'HEAD', commit: head });
    expect(Object.fromEntries([...changed.lines].map(([file, numbers]) => [file, [...numbers]]))).toEqual({ 'sql/copy.sql': [1, 2, 3], 'sql/kept.sql': [3] });
    expect([...changed.untracked]).toEqual(['sql/new.sql']);
    // Only the files asked about.
    expect(changedLinesSince(repo, 'HEAD', ['sql/new.sql']).lines.size).toBe(0);
  });

  it('reads a project in a subfolder of the work tree with paths relative to the project', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'changed-lines-sub-'));
    temps.push(repo);
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    await mkdir(join(repo, 'warehouse/sql'), { recursive: true });
    await mkdir(join(repo, 'sql'));
    await writeFile(join(repo, 'warehouse/sql/model.sql'), 'select 1\nfrom a\n');
    await writeFile(join(repo, 'sql/model.sql'), 'select 1\nfrom a\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    await writeFile(join(repo, 'warehouse/sql/model.sql'), 'select 1\nfrom b\n');
    await writeFile(join(repo, 'sql/model.sql'), 'select 2\nfrom a\n');
    const changed = changedLinesSince(join(repo, 'warehouse'), 'HEAD', ['sql/model.sql']);
    expect(Object.fromEntries([...changed.lines].map(([file, numbers]) => [file, [...numbers]]))).toEqual({ 'sql/model.sql': [2] });
  });

  it('refuses a folder outside any git work tree, and a .git folder, naming the folder', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'changed-lines-plain-'));
    temps.push(plain);
    expect(() => changedLinesSince(plain, 'HEAD', [])).toThrow(`--changed-since HEAD: ${plain} is not in a git work tree (fatal: not a git repository`);
    execFileSync('git', ['init', '-q'], { cwd: plain });
    expect(() => changedLinesSince(join(plain, '.git'), 'HEAD', [])).toThrow(`--changed-since HEAD: ${join(plain, '.git')} is not in a git work tree (it is a .git folder or a bare repository)`);
  });
});
