/**
 * The lines a developer changed since a git revision, for `--changed-since`: the working tree
 * (uncommitted edits included) against the revision, read from `git diff -U0` hunks. A file git
 * does not track yet is new since any revision, so every line of it counts as changed.
 */
import { execFileSync } from 'node:child_process';
import type { Mutant } from './mutant.ts';

export interface ChangedLines {
  /** The revision as given (`HEAD`, `origin/main`). */
  readonly revision: string;
  /** The commit it names. */
  readonly commit: string;
  /** Project-relative path → the new-side line numbers added or changed since the revision. */
  readonly lines: ReadonlyMap<string, ReadonlySet<number>>;
  /** Project-relative paths git does not track (and does not ignore). */
  readonly untracked: ReadonlySet<string>;
}

/**
 * The lines of `files` (project-relative) changed in the working tree of `projectDir` since
 * `revision`. Throws when the folder is not in a git work tree or git knows no such commit.
 */
export function changedLinesSince(projectDir: string, revision: string, files: readonly string[]): ChangedLines {
  const notInWorkTree = (why: string): Error => new Error(`--changed-since ${revision}: ${projectDir} is not in a git work tree (${why})`);
  let inWorkTree: string;
  try {
    inWorkTree = git(projectDir, ['rev-parse', '--is-inside-work-tree']).trim();
  } catch (error) {
    throw notInWorkTree(gitMessage(error));
  }
  if (inWorkTree !== 'true') throw notInWorkTree('it is a .git folder or a bare repository');
  let commit: string;
  try {
    commit = git(projectDir, ['rev-parse', '--verify', '--end-of-options', `${revision}^{commit}`]).trim();
  } catch {
    throw new Error(`--changed-since: git knows no commit '${revision}' in ${projectDir}`);
  }
  // Without a pathspec git would diff the whole repository, not nothing.
  if (files.length === 0) return { revision, commit, lines: new Map(), untracked: new Set() };
  // Fixed prefixes and no renames, whatever the user's git config says: a moved or copied file is new, line for line.
  const diff = git(projectDir, ['diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--relative', '--src-prefix=a/', '--dst-prefix=b/', commit, '--', ...files]);
  const untracked = git(projectDir, ['ls-files', '--others', '--exclude-standard', '-z', '--', ...files]).split('\0').filter((path) => path !== '');
  return { revision, commit, lines: parseDiffLines(diff), untracked: new Set(untracked) };
}

/** The mutants whose edit starts on a changed line, in their order. */
export function onChangedLines(mutants: readonly Mutant[], changed: ChangedLines): Mutant[] {
  return mutants.filter((mutant) => changed.untracked.has(mutant.path) || changed.lines.get(mutant.path)?.has(mutant.line) === true);
}

/**
 * File → new-side line numbers of a `git diff -U0` run with `core.quotePath=false` and the `b/`
 * destination prefix. A hunk `@@ -a,b +c,d @@` adds or changes new lines c … c+d−1 (no `,d`: one
 * line; d = 0: a pure deletion). Body lines are skipped by the hunk's counts, since a removed SQL
 * comment (`-- …`) reads `--- …` and an added `++ …` reads `+++ …`, like file headers.
 */
export function parseDiffLines(diff: string): Map<string, Set<number>> {
  const changed = new Map<string, Set<number>>();
  let file: string | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diff.split('\n')) {
    if (oldLeft > 0 && line.startsWith('-')) oldLeft -= 1;
    else if (newLeft > 0 && line.startsWith('+')) newLeft -= 1;
    else if (line.startsWith('+++ ')) file = newSidePath(line.slice('+++ '.length));
    else if (line.startsWith('@@ ')) {
      const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (hunk === null) throw new Error(`git diff: cannot read the hunk header '${line}'`);
      const start = Number(hunk[2]);
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
      if (file === null || newLeft === 0) continue;
      const lines = changed.get(file) ?? new Set<number>();
      for (let at = start; at < start + newLeft; at += 1) lines.add(at);
      changed.set(file, lines);
    }
  }
  return changed;
}

/** `b/sql/x.sql` → `sql/x.sql`; `/dev/null` (a deleted file) → null. */
function newSidePath(header: string): string | null {
  // git ends the name with a tab when it holds a space, and quotes it, C-style, when it holds a quote, a backslash or a control character.
  const name = header.replace(/\t$/, '');
  if (name === '/dev/null') return null;
  const path = name.startsWith('"') ? unquoted(name.slice(1, -1)) : name;
  return path.startsWith('b/') ? path.slice('b/'.length) : path;
}

const C_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', '"': '"', '\\': '\\' };

/** With core.quotePath=false git escapes only ASCII, so each octal escape is one character. */
function unquoted(quoted: string): string {
  return quoted.replace(/\\([0-7]{3}|.)/g, (_, code: string) => (code.length === 3 ? String.fromCharCode(parseInt(code, 8)) : (C_ESCAPES[code] ?? code)));
}

function git(cwd: string, args: readonly string[]): string {
  return execFileSync('git', ['--literal-pathspecs', '-c', 'core.quotePath=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/** git's own complaint (its stderr), or why git could not run at all. */
function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : error instanceof Error ? error.message : String(error);
  return text.trim().split('\n')[0] ?? '';
}
