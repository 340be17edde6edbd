"""tmt's custom results file from finished jobs: every subtest its own tmt result, with its log and the job's report.

Usage: ``python -m dockertest.tmt_results DATA [PREFIX=]RESULTS...``, run by the tmt test
``/tmt/tests/suite`` (``tmt/tests/suite.sh``) after its jobs. ``DATA`` is the test's ``$TMT_TEST_DATA``;
each ``RESULTS`` is a job's results directory inside it (autotest-local ran with ``--output_dir``
under ``DATA``, so tmt brings the logs back from the guest). The file written is ``DATA/results.json``,
a list of results in the format of tmt's ``result: custom`` tests:

- ``name`` ``/PREFIX/SUBTEST`` (``/SUBTEST`` without a prefix; a garbage-check finding is
  ``/SUBTEST/garbage-check``), which tmt appends to the test's own name;
- ``result`` from the subtest's status: GOOD ``pass``, FAIL ``fail``, TEST_NA ``skip``, WARN ``warn``,
  anything else (ERROR, ABORT, NOSTATUS, ...) ``error``;
- ``note`` the status and reason of anything not GOOD; ``duration`` as ``hh:mm:ss``;
- ``log`` paths relative to ``DATA``: the subtest's DEBUG log first, then the job's ``summary.txt``,
  ``status.json`` and ``junit.xml`` (those that exist).

A job that left no ``status.json`` (the setup or the job itself failed) gives one ``error`` result,
``/PREFIX`` (or ``/``, the test itself), naming what is missing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import jobresults

__all__ = ['OUTCOMES', 'main', 'tmt_results']

#: tmt's outcome for each Autotest status; any other status is an ``error``.
OUTCOMES = {'GOOD': 'pass', 'FAIL': 'fail', 'TEST_NA': 'skip', 'WARN': 'warn'}
#: The job's report files attached to every result, when they exist.
REPORT_FILES = ('summary.txt', 'status.json', 'junit.xml')


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f'{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}'


def _relative(path: Path, data: Path) -> str:
    return str(path.resolve().relative_to(data.resolve()))


def _job_results(data: Path, prefix: str, results: Path) -> list[dict]:
    status_path = results / 'status.json'
    base = '/' + prefix.strip('/') if prefix.strip('/') else ''
    if not status_path.is_file():
        return [{'name': base or '/', 'result': 'error', 'note': [f'the job left no {status_path}'], 'log': []}]
    report = [_relative(results / name, data) for name in REPORT_FILES if (results / name).is_file()]
    found = []
    for sub in jobresults.read_status(status_path):
        name = sub.name.removesuffix(jobresults.GARBAGE_SUFFIX)
        name = f'{base}/{name}' + ('/garbage-check' if name != sub.name else '')
        log = sub.debug_log(results)
        found.append(
            {
                'name': name,
                'result': OUTCOMES.get(sub.status, 'error'),
                'note': [] if sub.status == 'GOOD' else [': '.join(filter(None, (sub.status, sub.reason)))],
                'duration': _duration(sub.seconds),
                'log': ([_relative(log, data)] if log else []) + report,
            }
        )
    if not found:
        found.append(
            {'name': base or '/', 'result': 'error', 'note': [f'{status_path}: no subtest ran'], 'log': report}
        )
    return found


def tmt_results(data: Path, jobs: Sequence[tuple[str, Path]]) -> list[dict]:
    """The custom results of ``jobs`` (prefix, results directory under ``data``), in run order.

    Raises:
        JobResultsError: a results directory is outside ``data`` or its status.json is malformed.
    """
    results = []
    for prefix, path in jobs:
        if not path.resolve().is_relative_to(data.resolve()):
            raise jobresults.JobResultsError(f'{path}: not under the test data directory {data}')
        results.extend(_job_results(data, prefix, path))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``DATA/results.json``; 0 on success, 2 on bad input (one message naming the file)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0].startswith('-'):
        print('usage: python -m dockertest.tmt_results DATA [PREFIX=]RESULTS...', file=sys.stderr)
        return 2
    data = Path(args[0])
    jobs = [(p, Path(r)) if s else ('', Path(p)) for p, s, r in (a.partition('=') for a in args[1:])]
    try:
        found = tmt_results(data, jobs)
    except jobresults.JobResultsError as err:
        print(f'dockertest.tmt_results: {err}', file=sys.stderr)
        return 2
    (data / 'results.json').write_text(json.dumps(found, indent=2) + '\n', encoding='utf-8')
    print(f'dockertest.tmt_results: {len(found)} results in {data / "results.json"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
