"""What one job did, read back from its results directory: the model behind ``report.html``.

A job's results directory holds the engine's ``status`` log, the suite's ``summary.json`` (each
subtest's measured seconds), ``engine.json`` (the engine profile and the client and server versions,
written by the control file when the job starts), each test's ``keyval`` (``subsubtest_results``,
written by :class:`~dockertest.subtest.SubSubtestCaller`) and its log, and ``matrix.json`` when the job
ran several engine profiles. :func:`load_job` joins them into one :class:`JobReport`; files that are
missing leave their part empty, so an interrupted job still gets a report. The rows come from
:func:`dockertest.jobresults.read_status`, the one reader of a job's results, given the document the
live ``status`` log makes.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autotest.client import report

from . import _core, environment, jobresults
from .jobresults import split_step_tag

__all__ = [
    'ENGINE_FILE',
    'FAILING',
    'MATRIX_FILE',
    'JobReport',
    'SubtestResult',
    'engine_versions',
    'load_job',
    'record_engine',
    'subtest_name',
]

#: The engine profile and versions of a job, in its results directory.
ENGINE_FILE = 'engine.json'
#: The matrix of subtests by engine profile (issue 12's format), in a results directory.
MATRIX_FILE = 'matrix.json'
#: The statuses that make a job fail.
FAILING = ('FAIL', 'ERROR', 'ABORT', 'NOSTATUS', 'BUG', 'ALERT')


def subtest_name(subdir: str | None) -> str | None:
    """The subtest of a test's results subdir (``docker/subtests/docker_cli/kill.test_3-of-9`` is
    ``docker_cli/kill``), or None when it is not a subtest of the suite."""
    stem, tagged = split_step_tag(subdir or '')
    head, found, name = stem.partition('subtests/')
    # The subdir is [<one directory>/]subtests/<name>.test_<n>-of-<m>.
    if not (tagged and found and name) or (head and (head.count('/') != 1 or not head.endswith('/'))):
        return None
    return name


@dataclass
class SubtestResult:
    """One row of the report.

    Attributes:
        name: the subtest name (``docker_cli/kill``), or ``<name> (garbage check)``.
        status: GOOD, FAIL, ERROR, TEST_NA, ...
        seconds: how long it ran.
        reason: the status message (empty for GOOD).
        subsubtests: each sub-subtest's ``(name, status)``, in run order.
        log: the end of its log.
    """

    name: str
    status: str
    seconds: float
    reason: str = ''
    subsubtests: list[tuple[str, str]] = field(default_factory=list)
    log: str = ''


@dataclass
class JobReport:
    """A job as the report shows it."""

    resultdir: str
    tag: str
    engine: dict[str, str]
    subtests: list[SubtestResult]
    matrix: dict[str, Any] | None = None
    started: int | None = None

    @property
    def totals(self) -> Counter:
        """How many subtests ended in each status."""
        return Counter(row.status for row in self.subtests)


def engine_versions(docker_path: str, docker_options: str = '', timeout: float = 30.0) -> dict[str, str]:
    """The client's and the server's version, as ``docker version`` reports them (``?`` when unknown)."""
    argv = environment.docker_argv(docker_path, docker_options, 'version', '--format', '{{json .}}')
    try:
        found = json.loads(_core.run(argv, timeout=timeout).stdout or '{}')
    except (OSError, ValueError):  # the client cannot start (the core's CommandError is an OSError), or no JSON
        found = {}
    client, server = found.get('Client') or {}, found.get('Server') or {}
    return {'client': str(client.get('Version') or '?'), 'server': str(server.get('Version') or '?')}


def record_engine(resultdir: str, profile: str, docker_path: str, docker_options: str = '') -> dict[str, str]:
    """Write ``engine.json`` (profile, client, server, docker_path) into ``resultdir`` and return it."""
    engine = {'profile': profile, 'docker_path': docker_path, **engine_versions(docker_path, docker_options)}
    with open(os.path.join(resultdir, ENGINE_FILE), 'w', encoding='utf-8') as out:
        json.dump(engine, out, indent=2)
    return engine


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding='utf-8') as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _subsubtests(resultdir: str, subdir: str) -> list[tuple[str, str]]:
    """The ``subsubtest_results`` keyval of a test (the last one written)."""
    found: list[tuple[str, str]] = []
    try:
        with open(os.path.join(resultdir, subdir, 'keyval'), encoding='utf-8') as keyval:
            for line in keyval:
                key, _, value = line.strip().partition('=')
                if key == 'subsubtest_results':
                    found = [tuple(item.split('=', 1)) for item in value.split(',') if '=' in item]  # type: ignore[misc]
    except OSError:
        pass
    return found


def load_job(resultdir: str) -> JobReport:
    """Read the job in ``resultdir`` (which must hold its ``status`` log).

    Raises:
        OSError: ``resultdir/status`` cannot be read.
    """
    status = os.path.join(resultdir, 'status')
    summary = report.summarize(report.parse_status(status))
    measured = {row['name']: row['seconds'] for row in _read_json(os.path.join(resultdir, 'summary.json')) or []}
    rows: list[SubtestResult] = []
    for result in jobresults.read_status(Path(status), summary, findings_in_place=True):
        match = subtest_name(result.subdir)
        rows.append(
            SubtestResult(
                name=result.name,
                status=result.status,
                seconds=float(measured.get(result.name, result.seconds) or 0),
                reason='' if result.status == 'GOOD' else result.reason.split('\n', 1)[0],
                subsubtests=_subsubtests(resultdir, result.subdir) if match else [],
                log=report.log_excerpt(resultdir, result.subdir) if match else result.reason,
            )
        )
    engine = _read_json(os.path.join(resultdir, ENGINE_FILE)) or {}
    return JobReport(
        resultdir=resultdir,
        tag=os.path.basename(os.path.normpath(resultdir)),
        engine={key: str(engine.get(key, '?')) for key in ('profile', 'client', 'server')},
        subtests=rows,
        matrix=_read_json(os.path.join(resultdir, MATRIX_FILE)),
        started=summary['started'],
    )
