"""The conformance matrix: the default selection on every engine profile, side by side.

Usage: ``python -m dockertest.matrix [--profiles a,b] [--results DIR] [--expected FILE] [--args ARGS]``
(also installed as ``dockertest-matrix``).

For each profile (default: every ``[engine:NAME]`` profile whose client answers ``version``), one
``autotest-local run docker --args 'engine=NAME ARGS'`` job runs with its results under
``DIR/<profile>/`` (``DIR`` defaults to ``results/matrix``). Profiles run one after another: the two
podman profiles share podman's storage, and each job's garbage check would take the other's objects
for leaks. Then ``DIR/matrix.md`` and ``DIR/matrix.json`` get a row per subtest and a column per
profile, each cell the subtest's status and, for anything not GOOD, the reason. A garbage-check
finding turns its subtest's cell into a FAIL naming what was left behind.

``--expected FILE`` compares the statuses with the file listing the expected status of every cell
(``matrix-expected.txt`` in the suite: a header line ``subtest PROFILE...`` then a line per subtest;
``#`` starts a comment). The command exits 1, naming each cell that differs, when one does; only the
profiles that ran are compared. ``--from-results`` rebuilds the matrix from the jobs already in DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import config, environment

__all__ = ['Matrix', 'available', 'compare', 'main', 'read_expected']

GARBAGE = ' (garbage check)'


@dataclass
class Matrix:
    """Statuses by subtest and profile: ``cells[subtest][profile] = (status, reason)``."""

    profiles: list[str] = field(default_factory=list)
    cells: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    def add_job(self, profile: str, summary_rows: list[dict]) -> None:
        """Take one job's ``summary.json`` rows as the column of ``profile``."""
        if profile not in self.profiles:
            self.profiles.append(profile)
        for row in summary_rows:
            name, status, reason = row['name'], row['status'], row.get('reason') or ''
            if name.endswith(GARBAGE):
                name = name[: -len(GARBAGE)]
                old_status, old_reason = self.cells.setdefault(name, {}).get(profile, ('GOOD', ''))
                joined = '; '.join(r for r in (old_reason if old_status != 'GOOD' else '', reason) if r)
                status = status if old_status == 'GOOD' else old_status
                self.cells[name][profile] = (status, joined)
                continue
            self.cells.setdefault(name, {})[profile] = (status, '' if status == 'GOOD' else reason)

    def to_json(self) -> dict:
        """The agreed form: ``{"profiles": [...], "rows": [{"subtest", "cells": {p: {status, reason}}}]}``."""
        rows = []
        for name in sorted(self.cells):
            cells = {
                p: {'status': s, 'reason': r}
                for p in self.profiles
                for s, r in [self.cells[name].get(p, ('', ''))]
                if s
            }
            rows.append({'subtest': name, 'cells': cells})
        return {'profiles': list(self.profiles), 'rows': rows}

    def to_markdown(self) -> str:
        """A Markdown table; each cell is the status, then the reason for anything not GOOD."""

        def cell(name: str, profile: str) -> str:
            status, reason = self.cells[name].get(profile, ('(not run)', ''))
            text = status if not reason else f'{status}: {reason}'
            return ' '.join(text.replace('|', '\\|').split())

        lines = [
            '# Conformance matrix',
            '',
            '| subtest | ' + ' | '.join(self.profiles) + ' |',
            '|---|' + '---|' * len(self.profiles),
        ]
        for name in sorted(self.cells):
            lines.append(f'| {name} | ' + ' | '.join(cell(name, p) for p in self.profiles) + ' |')
        return '\n'.join(lines) + '\n'

    def write(self, results: Path) -> None:
        """Write ``matrix.md`` and ``matrix.json`` into ``results``."""
        results.mkdir(parents=True, exist_ok=True)
        (results / 'matrix.md').write_text(self.to_markdown(), encoding='utf-8')
        (results / 'matrix.json').write_text(json.dumps(self.to_json(), indent=2) + '\n', encoding='utf-8')


def read_expected(path: Path) -> dict[str, dict[str, str]]:
    """The expected statuses of ``path``: ``{subtest: {profile: status}}``.

    Raises:
        ValueError: a malformed line; the message names the file and line.
    """
    expected: dict[str, dict[str, str]] = {}
    profiles: list[str] = []
    for number, line in enumerate(path.read_text(encoding='utf-8').splitlines(), 1):
        words = line.split('#', 1)[0].split()
        if not words:
            continue
        if not profiles:
            if words[0] != 'subtest' or len(words) < 2:
                raise ValueError(f'{path}, line {number}: the first line must be "subtest PROFILE..."')
            profiles = words[1:]
            continue
        if len(words) != len(profiles) + 1:
            raise ValueError(f'{path}, line {number}: {len(profiles)} statuses expected after the subtest name')
        expected[words[0]] = dict(zip(profiles, words[1:]))
    return expected


def compare(matrix: Matrix, expected: dict[str, dict[str, str]]) -> list[str]:
    """One line per cell of ``matrix`` whose status is not the expected one (or has none listed)."""
    problems = []
    for name in sorted(set(matrix.cells) | set(expected)):
        for profile in matrix.profiles:
            got = matrix.cells.get(name, {}).get(profile)
            want = expected.get(name, {}).get(profile)
            if got is None and want is None:
                continue
            if got is None:
                problems.append(f'{name} on {profile}: expected {want}, but it did not run')
            elif want is None:
                problems.append(f'{name} on {profile}: {got[0]}, but matrix-expected lists no status for it')
            elif got[0] != want:
                why = f' ({got[1]})' if got[1] else ''
                problems.append(f'{name} on {profile}: expected {want}, got {got[0]}{why}')
    return problems


def available(profile: str, suite_dir: str) -> str:
    """Why ``profile`` cannot run here, or '' when its client answers ``version``."""
    previous = os.environ.get(config.ENGINE_ENV)
    os.environ[config.ENGINE_ENV] = profile
    try:
        defaults = config.Config(suite_dir)['DEFAULTS']
    finally:
        if previous is None:
            os.environ.pop(config.ENGINE_ENV, None)
        else:
            os.environ[config.ENGINE_ENV] = previous
    argv = environment.docker_argv(str(defaults['docker_path']), str(defaults.get('docker_options') or ''), 'version')
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f'{" ".join(argv)}: {err}'
    if proc.returncode != 0:
        return f'{" ".join(argv)} failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}'
    return ''


def run_profile(profile: str, suite_dir: str, results: Path, args: str) -> list[dict]:
    """Run the job of one profile; its summary rows (empty when the job wrote none)."""
    out = results / profile
    autotest = Path(sys.executable).with_name('autotest-local')
    argv = [str(autotest), 'run', 'docker', '--output_dir', str(out), '--args', f'engine={profile} {args}'.strip()]
    print(f'matrix: {profile}: {" ".join(argv)}', flush=True)
    with open(results / f'{profile}.log', 'w', encoding='utf-8') as log:
        subprocess.run(argv, cwd=suite_dir, stdout=log, stderr=subprocess.STDOUT, check=False)
    return _summary_rows(out)


def _summary_rows(out: Path) -> list[dict]:
    summary = out / 'results' / 'default' / 'summary.json'
    try:
        return json.loads(summary.read_text(encoding='utf-8'))
    except (OSError, ValueError):
        return []


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog='dockertest-matrix', description=__doc__.split('\n\n')[0])
    parser.add_argument('--profiles', default='', help='comma-separated profiles (default: every available one)')
    parser.add_argument('--results', default='results/matrix', help='results directory (default results/matrix)')
    parser.add_argument('--expected', default='', help='file of expected statuses to compare with')
    parser.add_argument('--args', default='', help='more --args for each job (a selection, x=..., ...)')
    parser.add_argument('--from-results', action='store_true', help='rebuild the matrix from the jobs in --results')
    opts = parser.parse_args(argv)
    try:
        suite_dir = config.find_suite_dir()
        known = config.Config.loaded(suite_dir).engines
    except config.DockerConfigError as err:
        print(f'dockertest-matrix: {err}', file=sys.stderr)
        return 2
    wanted = [p.strip() for p in opts.profiles.split(',') if p.strip()] or known
    unknown = [p for p in wanted if p not in known]
    if unknown:
        print(f'dockertest-matrix: unknown profile(s) {", ".join(unknown)}; known: {", ".join(known)}', file=sys.stderr)
        return 2
    results = Path(opts.results).resolve()
    results.mkdir(parents=True, exist_ok=True)
    matrix = Matrix()
    for profile in wanted:
        if opts.from_results:
            rows = _summary_rows(results / profile)
        else:
            why = available(profile, suite_dir)
            if why:
                print(f'matrix: {profile}: not available, skipped: {why}', flush=True)
                continue
            rows = run_profile(profile, suite_dir, results, opts.args)
        if not rows:
            print(f'matrix: {profile}: the job wrote no summary; see {results / profile}', flush=True)
            rows = [{'name': '(job)', 'status': 'ERROR', 'reason': f'no summary.json under {results / profile}'}]
        matrix.add_job(profile, rows)
    matrix.write(results)
    print(matrix.to_markdown(), end='')
    print(f'matrix: {results / "matrix.md"}, {results / "matrix.json"}')
    if not opts.expected:
        return 0
    try:
        problems = compare(matrix, read_expected(Path(opts.expected)))
    except (OSError, ValueError) as err:
        print(f'dockertest-matrix: {err}', file=sys.stderr)
        return 2
    for line in problems:
        print(f'matrix: DIFFERS: {line}')
    print(f'matrix: {len(problems)} cell(s) differ from {opts.expected}' if problems else 'matrix: as expected')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
