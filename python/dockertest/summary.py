"""The one-screen summary a job prints at its end: each subtest, its status, its time and why.

Status files are read by autotest's reader (:mod:`autotest.client.report`); this module only shapes rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from autotest.client import report

__all__ = ['Row', 'format_summary', 'result_of', 'status_records']

RESULT_CODES = ('GOOD', 'FAIL', 'ERROR', 'TEST_NA', 'WARN', 'ABORT', 'BUG', 'ALERT', 'NOSTATUS')


@dataclass
class Row:
    """One line of the summary."""

    name: str
    status: str
    seconds: float
    reason: str = ''

    def to_state(self) -> dict:
        """A JSON-serialisable form, kept in the job state."""
        return asdict(self)


def status_records(status_text: str) -> list[tuple[int, str, str, str]]:
    """The records of a status file as (indent, code, test name, first message line).

    Continuation lines (the two-space indented lines of a traceback) are left out. The log is read by
    autotest's one status reader, :func:`autotest.client.report.parse_status_text`.
    """
    return [
        (record['indent'], record['status_code'], record['subdir'] or '----', record['message'].split('\n', 1)[0])
        for record in report.parse_status_text(status_text)
    ]


def result_of(status_text: str) -> tuple[str, str]:
    """The (status, first message line) of the result record in a test's ``status`` file.

    The result record is the last line whose code is a result (``GOOD``, ``FAIL``, ...), not
    ``START``, ``END ...`` or ``INFO``. Without one the status is ``NOSTATUS``.
    """
    found = ('NOSTATUS', 'no result recorded')
    for _, code, _, message in status_records(status_text):
        if code in RESULT_CODES:
            found = (code, message)
    return found


def format_summary(rows: Iterable[Row], resultdir: str = '', width: int = 100) -> str:
    """The summary as text: a line per subtest and per garbage-check finding, then the totals."""
    rows = list(rows)
    name_w = max([len('subtest'), *(len(r.name) for r in rows)])
    lines = [
        f'Summary{f" (results in {resultdir})" if resultdir else ""}',
        f'  {"subtest":<{name_w}}  {"status":<8} {"time":>8}  reason',
    ]
    for row in rows:
        reason = '' if row.status == 'GOOD' else row.reason
        line = f'  {row.name:<{name_w}}  {row.status:<8} {row.seconds:>7.1f}s  {reason}'.rstrip()
        lines.append(line if len(line) <= width else line[: width - 3] + '...')
    counts = Counter(r.status for r in rows)
    lines.append('  total: ' + (', '.join(f'{n} {s}' for s, n in sorted(counts.items())) or 'nothing ran'))
    return '\n'.join(lines) + '\n'
