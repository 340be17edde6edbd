"""One matrix across hosts: merge the results of several jobs into a row per subtest, a column per host/engine.

Usage: ``python -m dockertest.matrix_merge merge [-o DIR] [LABEL=]RESULTS...`` (``dockertest report merge``
calls :func:`main` with the same words).

Each ``RESULTS`` is a job's results directory (``results/default``, holding ``status.json`` and, for a
job that ran several engine profiles, ``matrix.json``), or one of those two files. A job with a
``matrix.json`` gives one column per profile in it; otherwise its ``status.json`` gives one column.
Columns are named ``host/engine``:

- ``LABEL=`` names them explicitly: ``web1/podman=path`` is the column ``web1/podman``; ``web1=path``
  keeps the engine of the job (each profile of a ``matrix.json``);
- otherwise the host is the ``host`` (or ``hostname``) recorded in ``status.json``, else the name of
  the directory holding ``results/`` (``hostA/results/default`` is ``hostA``), else the results
  directory's own name; the engine is the ``engine`` recorded in ``status.json``, else ``docker``
  (the default profile).

The merge writes ``matrix.json`` (``{"profiles": [columns], "rows": [{"subtest": NAME, "cells":
{column: {"status": S, "reason": R}}}]}``, the format of a single job's matrix, the profiles being
the ``host/engine`` columns) and ``matrix.md`` (a table of statuses, then the reason of every cell
that is not GOOD). A subtest a job did not run has no cell in that column (``-`` in the table).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import jobresults

__all__ = ['Job', 'Matrix', 'MergeError', 'main', 'merge', 'read_job', 'write_matrix']

#: The default engine profile (interfaces: ``[DEFAULTS] engine = docker``).
DEFAULT_ENGINE = 'docker'


class MergeError(Exception):
    """A job's results cannot be merged; the message names the file and what is wrong."""


@dataclass
class Job:
    """One column source: cells of a job, keyed by subtest, under the column ``host/engine``."""

    column: str
    source: Path
    cells: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Matrix:
    """The merged matrix: columns in argument order, rows in first-seen order."""

    columns: list[str] = field(default_factory=list)
    rows: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The agreed matrix JSON, the columns listed as ``profiles``."""
        return {
            'profiles': list(self.columns),
            'rows': [{'subtest': name, 'cells': cells} for name, cells in self.rows.items()],
        }

    def to_markdown(self) -> str:
        """A table of statuses, then the reasons of every cell that is not GOOD."""
        head = ['subtest', *self.columns]
        lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
        reasons = []
        for name, cells in self.rows.items():
            row = [name]
            for column in self.columns:
                cell = cells.get(column)
                row.append(cell['status'] if cell else '-')
                if cell and cell['status'] != 'GOOD' and cell['reason']:
                    reasons.append(f'- {name} on {column}: {cell["status"]}: {cell["reason"]}')
            lines.append('| ' + ' | '.join(_md(text) for text in row) + ' |')
        text = '# Results across hosts\n\n' + '\n'.join(lines) + '\n'
        if reasons:
            text += '\n## Reasons\n\n' + '\n'.join(reasons) + '\n'
        return text


def _md(text: str) -> str:
    return text.replace('|', '\\|')


def _cell(status: object, reason: object, where: str) -> dict[str, str]:
    if not isinstance(status, str) or not status:
        raise MergeError(f'{where}: no status string')
    return {'status': status, 'reason': reason if isinstance(reason, str) else ''}


def _load(path: Path) -> dict:
    try:
        return jobresults.load_json(path)
    except jobresults.JobResultsError as err:
        raise MergeError(str(err)) from None


def _status_cells(path: Path, data: dict) -> dict[str, dict[str, str]]:
    try:
        found = jobresults.read_status(path, data)
    except jobresults.JobResultsError as err:
        raise MergeError(str(err)) from None
    return {r.name: {'status': r.status, 'reason': r.reason} for r in found}


def _matrix_cells(path: Path, data: dict) -> dict[str, dict[str, dict[str, str]]]:
    """The cells of a single job's matrix.json, per profile."""
    profiles, rows = data.get('profiles'), data.get('rows')
    if not isinstance(profiles, list) or not all(isinstance(p, str) for p in profiles) or not isinstance(rows, list):
        raise MergeError(f'{path}: expected {{"profiles": [names], "rows": [...]}}')
    per_profile: dict[str, dict[str, dict[str, str]]] = {p: {} for p in profiles}
    for index, row in enumerate(rows):
        if (
            not isinstance(row, dict)
            or not isinstance(row.get('subtest'), str)
            or not isinstance(row.get('cells'), dict)
        ):
            raise MergeError(f'{path}: rows[{index}] needs "subtest" and "cells"')
        for profile, cell in row['cells'].items():
            if profile not in per_profile:
                raise MergeError(f'{path}: rows[{index}] has a cell for {profile!r}, not one of the profiles')
            where = f'{path}: rows[{index}] cell {profile!r}'
            if not isinstance(cell, dict):
                raise MergeError(f'{where}: expected {{"status": ..., "reason": ...}}')
            per_profile[profile][row['subtest']] = _cell(cell.get('status'), cell.get('reason'), where)
    return per_profile


def _default_host(results: Path, status: dict | None) -> str:
    for key in ('host', 'hostname'):
        if status and isinstance(status.get(key), str) and status[key]:
            return status[key]
    results = results.resolve()
    if results.parent.name == 'results' and results.parent.parent.name:
        return results.parent.parent.name
    return results.name


def read_job(spec: str) -> list[Job]:
    """The columns of one ``[LABEL=]RESULTS`` argument (several for a multi-profile ``matrix.json``)."""
    label, sep, target = spec.partition('=')
    if not sep:
        label, target = '', spec
    path = Path(target)
    if path.is_file():
        results = path.parent
    elif path.is_dir():
        results = path
    else:
        raise MergeError(f'{target}: no such results directory or file')
    status_path, matrix_path = results / 'status.json', results / 'matrix.json'
    if path.is_file() and path.name not in ('status.json', 'matrix.json'):
        raise MergeError(f'{path}: expected a results directory, status.json or matrix.json')
    use_matrix = path.name == 'matrix.json' or (path.is_dir() and matrix_path.is_file())
    if not use_matrix and not status_path.is_file():
        raise MergeError(f'{results}: neither status.json nor matrix.json (not a job results directory)')
    status = _load(status_path) if status_path.is_file() else None
    host, _, engine = label.partition('/')
    if label and (not host or (_ and not engine)):
        raise MergeError(f'{spec}: the label must be HOST or HOST/ENGINE')
    host = host or _default_host(results, status)
    if use_matrix:
        per_profile = _matrix_cells(matrix_path, _load(matrix_path))
        if engine and len(per_profile) != 1:
            raise MergeError(f'{spec}: {matrix_path} holds {len(per_profile)} profiles; label it HOST only')
        return [Job(f'{host}/{engine or p}', matrix_path, cells) for p, cells in per_profile.items()]
    assert status is not None
    engine = engine or (status.get('engine') if isinstance(status.get('engine'), str) else '') or DEFAULT_ENGINE
    return [Job(f'{host}/{engine}', status_path, _status_cells(status_path, status))]


def merge(specs: Sequence[str]) -> Matrix:
    """Merge the jobs of ``specs`` (each ``[LABEL=]RESULTS``) into one matrix.

    Raises:
        MergeError: a job cannot be read, or two jobs give the same column (the message names both).
    """
    matrix = Matrix()
    seen: dict[str, Path] = {}
    for spec in specs:
        for job in read_job(spec):
            if job.column in seen:
                raise MergeError(
                    f'{job.source} and {seen[job.column]} both give the column {job.column}; '
                    'name one with a label (HOST/ENGINE=RESULTS)'
                )
            seen[job.column] = job.source
            matrix.columns.append(job.column)
            for name, cell in job.cells.items():
                matrix.rows.setdefault(name, {})[job.column] = cell
    return matrix


def write_matrix(matrix: Matrix, outdir: Path) -> list[Path]:
    """Write ``matrix.json`` and ``matrix.md`` into ``outdir``; returns their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = outdir / 'matrix.json', outdir / 'matrix.md'
    json_path.write_text(json.dumps(matrix.to_json(), indent=2) + '\n', encoding='utf-8')
    md_path.write_text(matrix.to_markdown(), encoding='utf-8')
    return [json_path, md_path]


def parser() -> argparse.ArgumentParser:
    """The command line: ``merge [-o DIR] [LABEL=]RESULTS...``."""
    p = argparse.ArgumentParser(prog='dockertest report', description='Reports over job results.')
    sub = p.add_subparsers(dest='command', required=True)
    m = sub.add_parser('merge', help='merge several jobs into one matrix (a column per host/engine)')
    m.add_argument(
        'results', nargs='+', metavar='[LABEL=]RESULTS', help='a results directory, status.json or matrix.json'
    )
    m.add_argument('-o', '--output', default='.', help='directory for matrix.json and matrix.md (default: .)')
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``merge``; 0 on success, 2 on bad input (one message naming the file)."""
    options = parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        matrix = merge(options.results)
        written = write_matrix(matrix, Path(options.output))
    except MergeError as err:
        print(f'dockertest report merge: {err}', file=sys.stderr)
        return 2
    except OSError as err:
        print(f'dockertest report merge: cannot write {err.filename}: {err.strerror}', file=sys.stderr)
        return 2
    print(f'{len(matrix.rows)} subtests x {len(matrix.columns)} columns: ' + ', '.join(map(str, written)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
