"""A job's results as records: one per subtest (and per garbage-check finding), read from status.json.

This is the one reader of a job's results: the report (:mod:`dockertest.jobreport`) gives it the same
document built from the live ``status`` log (:func:`autotest.client.report.summarize`), so a job still
running or interrupted reads the same way.

``status.json`` is the machine-readable record autotest-local writes in a results directory
(``results/default``): its ``tests`` list has a ``name`` (``docker/subtests/NAME.test_N-of-M``), a
``status``, a ``message``, ``started``/``finished`` times and the ``subdir`` holding the subtest's
logs; its ``records`` hold the control file's garbage-check findings (operation ``garbage_check``).
The tools that look at finished jobs (the cross-host matrix, the tmt results) read it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ['JobResultsError', 'SubtestResult', 'load_json', 'read_status', 'split_step_tag', 'subtest_name']

#: The operation of the control file's garbage-check records.
GARBAGE_CHECK = 'garbage_check'
#: The suffix of the name of a garbage-check finding, as in the job's summary.
GARBAGE_SUFFIX = ' (garbage check)'


class JobResultsError(Exception):
    """A job's results cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class SubtestResult:
    """One subtest of a job (or one garbage-check finding after it)."""

    name: str
    status: str
    reason: str
    seconds: float
    #: The subtest's results directory, relative to the job's results directory ('' for a finding).
    subdir: str

    def debug_log(self, results: Path) -> Path | None:
        """The subtest's DEBUG log under ``results``, when it exists."""
        if not self.subdir:
            return None
        path = results / self.subdir / 'debug' / f'{Path(self.subdir).name}.DEBUG'
        return path if path.is_file() else None


def split_step_tag(test_name: str) -> tuple[str, bool]:
    """``(name, True)`` without the step tag autotest adds to each subtest's name (``.test_1-of-3``), or
    ``(test_name, False)`` when it has none."""
    stem, dot, tag = test_name.rpartition('.test_')
    done, of, total = tag.partition('-of-')
    if dot and of and done.isdigit() and total.isdigit():
        return stem, True
    return test_name, False


def subtest_name(test_name: str) -> str:
    """``docker/subtests/docker_cli/version.test_1-of-3`` -> ``docker_cli/version``."""
    name, _ = split_step_tag(test_name)
    _, found, rest = name.partition('subtests/')
    return rest if found else name


def load_json(path: Path) -> dict:
    """A JSON object from ``path``; JobResultsError naming the file when it is missing or malformed."""
    try:
        data = json.loads(path.read_text(encoding='utf-8'))
    except OSError as err:
        raise JobResultsError(f'{path}: cannot read it ({err.strerror or err})') from None
    except ValueError as err:
        raise JobResultsError(f'{path}: not JSON ({err})') from None
    if not isinstance(data, dict):
        raise JobResultsError(f'{path}: expected a JSON object, found {type(data).__name__}')
    return data


def _text(value: object) -> str:
    return value if isinstance(value, str) else ''


def _seconds(test: dict) -> float:
    started, finished = test.get('started'), test.get('finished')
    if isinstance(started, (int, float)) and isinstance(finished, (int, float)):
        return float(max(0, finished - started))
    return 0.0


def read_status(path: Path, data: dict | None = None, findings_in_place: bool = False) -> list[SubtestResult]:
    """The subtests of the ``status.json`` at ``path`` (``data`` when already loaded), in run order.

    The garbage-check findings come from the document's ``records`` (operation ``garbage_check``):
    after all the subtests, or, with ``findings_in_place``, each right after the subtest it checked.

    Raises:
        JobResultsError: the file is missing, not JSON, or not a status.json; the message names it.
    """
    data = load_json(path) if data is None else data
    tests = data.get('tests')
    if not isinstance(tests, list):
        raise JobResultsError(f'{path}: no "tests" list (is it a status.json written by autotest-local?)')
    findings: dict[str, list[SubtestResult]] = {}
    for record in data.get('records') or []:
        if isinstance(record, dict) and record.get('operation') == GARBAGE_CHECK:
            subdir = _text(record.get('subdir'))
            finding = SubtestResult(
                subtest_name(subdir) + GARBAGE_SUFFIX,
                _text(record.get('status_code')) or 'FAIL',
                _text(record.get('message')),
                0.0,
                '',
            )
            findings.setdefault(subdir if findings_in_place else '', []).append(finding)
    found = []
    for index, test in enumerate(tests):
        if not isinstance(test, dict) or not isinstance(test.get('name'), str):
            raise JobResultsError(f'{path}: tests[{index}] has no "name"')
        if not isinstance(test.get('status'), str) or not test['status']:
            raise JobResultsError(f'{path}: tests[{index}] ({test["name"]}) has no "status"')
        subdir = _text(test.get('subdir'))
        if test['name'] in (GARBAGE_CHECK, f'{subdir}.{GARBAGE_CHECK}'):
            continue  # a garbage-check record, told from the records above
        name = subtest_name(test['name'])
        found.append(
            SubtestResult(name, test['status'], _text(test.get('message')), _seconds(test), subdir or test['name'])
        )
        if findings_in_place:
            found += findings.pop(subdir, [])
    for rest in findings.values():
        found += rest
    return found
