"""The conformance matrix: the default selection on every engine profile, side by side.

Usage: ``python -m dockertest.matrix [--profiles a,b] [--results DIR] [--expected FILE] [--args ARGS]
[--jobs N] [--serial]`` (also installed as ``dockertest-matrix``).

For each profile (default: every ``[engine:NAME]`` profile whose client answers ``version``), the
selection runs as ``autotest-local run docker --args 'engine=NAME j=N ARGS'`` jobs, in two phases:

1. every profile's job at the same time, each running ``N`` subtests at once (``--jobs``, default
   3; see :mod:`dockertest.parallel`), with the subtests whose config sets ``run_alone`` left out
   (``x=``), results under ``DIR/<profile>/`` (``DIR`` defaults to ``results/matrix``). Two profiles
   may share one engine's storage (``podman`` and ``podman-api`` do): that is safe because a job
   only ever counts, lists or removes the objects it made (its ``dockertest.job`` label and its
   record of commands), so each garbage check leaves the other job's objects alone;
2. then, one profile after another, the ``run_alone`` subtests (they count every object on the
   engine, or remove the shared test image for a moment), with nothing else running on any engine,
   results under ``DIR/<profile>.alone/``.

``--serial`` runs one job per profile with the whole selection, one profile after another (as
before the phases existed). Either way ``DIR/matrix.md`` and ``DIR/matrix.json`` get a row per
subtest and a column per profile, each cell the subtest's status and, for anything not GOOD, the
reason. A garbage-check finding turns its subtest's cell into a FAIL naming what was left behind.

``--expected FILE`` compares the statuses with the file listing the expected status of every cell
(``matrix-expected.txt`` in the suite: a header line ``subtest PROFILE...`` then a line per subtest;
``#`` starts a comment). The command exits 1, naming each cell that differs, when one does; only the
profiles that ran are compared. ``--from-results`` rebuilds the matrix from the jobs already in DIR.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import config, environment, parallel, selection

__all__ = [
    'ALONE',
    'GARBAGE',
    'JOBS',
    'Matrix',
    'available',
    'compare',
    'main',
    'read_expected',
    'run_phases',
    'run_profile',
    'split_alone',
    'start_job',
]

GARBAGE = ' (garbage check)'
#: The suffix of the results directory of a profile's ``run_alone`` subtests.
ALONE = '.alone'
#: Subtests each profile's job runs at once in the first phase, unless ``--jobs`` says otherwise.
JOBS = 3


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


@contextlib.contextmanager
def _engine(profile: str) -> Iterator[None]:
    """The config of this process reads ``profile`` while the block runs."""
    previous = os.environ.get(config.ENGINE_ENV)
    os.environ[config.ENGINE_ENV] = profile
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(config.ENGINE_ENV, None)
        else:
            os.environ[config.ENGINE_ENV] = previous


def available(profile: str, suite_dir: str) -> str:
    """Why ``profile`` cannot run here, or '' when its client answers ``version``."""
    with _engine(profile):
        defaults = config.Config(suite_dir)['DEFAULTS']
    argv = environment.docker_argv(str(defaults['docker_path']), str(defaults.get('docker_options') or ''), 'version')
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f'{" ".join(argv)}: {err}'
    if proc.returncode != 0:
        return f'{" ".join(argv)} failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}'
    return ''


def split_alone(profile: str, suite_dir: str, args: str) -> tuple[list[str], list[str]]:
    """The queue a job of ``profile`` would run for ``args``: (the subtests that may run beside
    others, those whose config on that profile sets ``run_alone``).

    Raises:
        selection.SelectionError: ``args`` names an unknown subtest.
    """
    with _engine(profile):
        sections = config.Config(suite_dir)
    children = {
        name: config.get_as_list(str(section.get('subsubtests') or ''))
        for name, section in sections.items()
        if name != 'DEFAULTS'
    }
    queue = selection.select(suite_dir, args.split(), children).subtests
    alone = [name for name in queue if (sections.get(name) or sections['DEFAULTS']).get('run_alone')]
    return [name for name in queue if name not in alone], alone


def start_job(label: str, profile: str, suite_dir: str, results: Path, args: str) -> subprocess.Popen:
    """Start one ``autotest-local`` job of ``profile`` with its results in ``results/label``."""
    autotest = Path(sys.executable).with_name('autotest-local')
    argv = [str(autotest), 'run', 'docker', '--output_dir', str(results / label)]
    argv += ['--args', f'engine={profile} {args}'.strip()]
    print(f'matrix: {label}: {" ".join(argv)}', flush=True)
    with open(results / f'{label}.log', 'w', encoding='utf-8') as log:
        return subprocess.Popen(argv, cwd=suite_dir, stdout=log, stderr=subprocess.STDOUT)


def _wait(procs: list[subprocess.Popen]) -> None:
    """Wait for every job; when interrupted, stop those still running first."""
    try:
        for proc in procs:
            proc.wait()
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()


def run_profile(profile: str, suite_dir: str, results: Path, args: str) -> list[dict]:
    """Run the job of one profile, the whole selection; its summary rows (empty when it wrote none)."""
    _wait([start_job(profile, profile, suite_dir, results, args)])
    return _summary_rows(results / profile)


def run_phases(profiles: list[str], suite_dir: str, results: Path, args: str, jobs: int) -> dict[str, list[dict]]:
    """Run ``profiles`` in the two phases the module describes; each one's summary rows.

    Raises:
        selection.SelectionError: ``args`` names an unknown subtest.
    """
    plans = {profile: split_alone(profile, suite_dir, args) for profile in profiles}

    def without(names: list[str]) -> str:
        return f'x={",".join(names)}' if names else ''

    started = time.monotonic()
    _wait([
        start_job(profile, profile, suite_dir, results, f'j={jobs} {args} {without(alone)}')
        for profile, (beside, alone) in plans.items()
        if beside
    ])  # fmt: skip
    print(f'matrix: phase 1 (every profile at once, j={jobs}): {time.monotonic() - started:.0f} s', flush=True)
    started = time.monotonic()
    for profile, (beside, alone) in plans.items():
        if alone:
            _wait([start_job(f'{profile}{ALONE}', profile, suite_dir, results, f'{args} {without(beside)}')])
    print(f'matrix: phase 2 (run_alone subtests, one profile at a time): {time.monotonic() - started:.0f} s')
    return {profile: _profile_rows(results, profile) for profile in profiles}


def _profile_rows(results: Path, profile: str) -> list[dict]:
    """The summary rows of a profile's jobs under ``results`` (its main job, then its alone job)."""
    return _summary_rows(results / profile) + _summary_rows(results / f'{profile}{ALONE}')


def _summary_rows(out: Path) -> list[dict]:
    summary = out / 'results' / 'default' / 'summary.json'
    try:
        return json.loads(summary.read_text(encoding='utf-8'))
    except (OSError, ValueError):
        return []


def _run(opts: argparse.Namespace, wanted: list[str], suite_dir: str, results: Path) -> dict[str, list[dict]]:
    """Run the jobs of the ``wanted`` profiles that are available; each one's summary rows."""
    ready = []
    for profile in wanted:
        why = available(profile, suite_dir)
        if why:
            print(f'matrix: {profile}: not available, skipped: {why}', flush=True)
        else:
            ready.append(profile)
    started = time.monotonic()
    if opts.serial:
        ran = {profile: run_profile(profile, suite_dir, results, opts.args) for profile in ready}
    else:
        ran = run_phases(ready, suite_dir, results, opts.args, opts.jobs)
    print(f'matrix: {len(ready)} profile(s) in {time.monotonic() - started:.0f} s', flush=True)
    return ran


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog='dockertest-matrix', description=__doc__.split('\n\n')[0])
    parser.add_argument('--profiles', default='', help='comma-separated profiles (default: every available one)')
    parser.add_argument('--results', default='results/matrix', help='results directory (default results/matrix)')
    parser.add_argument('--expected', default='', help='file of expected statuses to compare with')
    parser.add_argument('--args', default='', help='more --args for each job (a selection, x=..., ...)')
    parser.add_argument('--jobs', type=int, default=JOBS, help=f'subtests run at once in each job (default {JOBS})')
    parser.add_argument('--serial', action='store_true', help='one whole job per profile, one after another')
    parser.add_argument('--from-results', action='store_true', help='rebuild the matrix from the jobs in --results')
    opts = parser.parse_args(argv)
    if not 1 <= opts.jobs <= parallel.MAX_JOBS:
        print(f'dockertest-matrix: --jobs {opts.jobs}: a whole number from 1 to {parallel.MAX_JOBS}', file=sys.stderr)
        return 2
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
    if opts.from_results:
        ran = {profile: _profile_rows(results, profile) for profile in wanted}
    else:
        try:
            ran = _run(opts, wanted, suite_dir, results)
        except (selection.SelectionError, config.DockerConfigError) as err:
            print(f'dockertest-matrix: {err}', file=sys.stderr)
            return 2
    matrix = Matrix()
    for profile, rows in ran.items():
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
