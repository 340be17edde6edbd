"""Status records, the error class table, the job state and the reported version."""

from __future__ import annotations

import pickle
import re

import pytest

from autotest.client import report
from autotest.client.shared import base_job, error, version


def entry(*args, **kwargs):
    return base_job.status_log_entry(*args, **kwargs)


def test_render_puts_fields_in_upstream_order():
    start = entry('START', 'docker/subtests/x.test_1-of-1', 'docker/subtests/x.test_1-of-1', '', {'timeout': 600}, 0)
    text = start.render()
    assert re.fullmatch(
        r'START\tdocker/subtests/x.test_1-of-1\tdocker/subtests/x.test_1-of-1\t'
        r'timestamp=0\ttimeout=600\tlocaltime=[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\t',
        text,
    )
    assert entry('START', None, None, '', None, 5).render().startswith('START\t----\t----\ttimestamp=5\tlocaltime=')


def test_message_tabs_become_spaces_and_extra_lines_are_indented():
    text = entry('FAIL', 's', 'o', 'first\tline\nTraceback:\n  frame', None, 1).render()
    assert text.split('\t')[-1].startswith('first' + ' ' * 8 + 'line\n')
    assert text.endswith('\n  Traceback:\n    frame')


def test_logger_indents_every_line(tmp_path):
    class Job:
        resultdir = str(tmp_path)

    indenter = base_job.status_indenter()
    logger = base_job.status_logger(Job(), indenter)
    logger.record_entry(entry('START', None, None, '', None, 1))
    logger.record_entry(entry('START', 'sub', 'op', '', None, 1))
    logger.record_entry(entry('ERROR', 'sub', 'op', 'bad\nmore', None, 1))
    assert logger.render_entry(entry('INFO', None, None, 'a\nb', None, 1)).split('\n')[1] == '\t\t  b'
    logger.record_entry(entry('END ERROR', 'sub', 'op', '', None, 1))
    lines = (tmp_path / 'status').read_text().splitlines()
    assert [line[: len(line) - len(line.lstrip('\t'))].count('\t') for line in lines] == [0, 1, 2, 2, 1]
    assert lines[3] == '\t\t  more'
    assert (tmp_path / 'sub' / 'status').read_text().splitlines() == lines[1:]
    assert indenter.indent == 1


@pytest.mark.parametrize(
    ('args', 'match'),
    [
        (('BOGUS', None, None, ''), 'Invalid status code'),
        (('END MAYBE', None, None, ''), 'Invalid status code'),
        (('GOOD', 'a\tb', None, ''), 'subdir'),
        (('GOOD', None, 'a\nb', ''), 'operation'),
        (('GOOD', None, None, 'a\rb'), 'message'),
    ],
)
def test_invalid_records_are_rejected(args, match):
    with pytest.raises(ValueError, match=match):
        entry(*args, None)


def test_statuses_are_listed_worst_first():
    assert base_job.JOB_STATUSES == [
        'TEST_NA', 'ABORT', 'ERROR', 'FAIL', 'WARN', 'GOOD', 'BUG', 'ALERT', 'RUNNING', 'NOSTATUS'
    ]  # fmt: skip
    assert all(base_job.is_valid_status(code) for code in ('START', 'INFO', 'END GOOD', 'END TEST_NA', 'NOSTATUS'))


@pytest.mark.parametrize(
    ('cls', 'parent', 'status'),
    [
        (error.AutotestError, Exception, None),
        (error.JobError, error.AutotestError, None),
        (error.UnhandledJobError, error.JobError, None),
        (error.TestBaseException, error.AutotestError, None),
        (error.TestError, error.TestBaseException, 'ERROR'),
        (error.TestNAError, error.TestBaseException, 'TEST_NA'),
        (error.TestFail, error.TestBaseException, 'FAIL'),
        (error.TestWarn, error.TestBaseException, 'WARN'),
        (error.TestBug, error.TestBaseException, 'BUG'),
        (error.UnhandledTestError, error.TestError, 'ERROR'),
        (error.UnhandledTestFail, error.TestFail, 'FAIL'),
        (error.CmdError, error.TestError, 'ERROR'),
        (error.StepError, error.AutotestError, None),
        (error.PackageError, error.AutotestError, None),
        (error.JobContinue, SystemExit, None),
        (error.JobComplete, SystemExit, None),
    ],
)
def test_error_class_table(cls, parent, status):
    assert cls.__bases__ == (parent,)
    if status:
        assert cls.exit_status == status


def test_exit_status_is_writable_per_instance():
    exc = error.TestFail('downgraded')
    exc.exit_status = 'WARN'
    assert (exc.exit_status, error.TestFail.exit_status) == ('WARN', 'FAIL')
    assert pickle.loads(pickle.dumps(exc)).exit_status == 'WARN'


def test_unhandled_wrappers_render_type_message_and_traceback_and_pickle():
    try:
        {}['missing']
    except KeyError as exc:
        wrapped = error.UnhandledTestFail(exc)
    text = str(wrapped)
    assert text.startswith("Unhandled KeyError: 'missing'\nTraceback (most recent call last):\n")
    assert text.endswith("KeyError: 'missing'")
    assert str(pickle.loads(pickle.dumps(wrapped))) == text
    assert str(error.UnhandledTestError(ValueError('v'))).startswith('Unhandled ValueError: v\n')


def test_system_exit_pair_codes():
    assert error.JobContinue('more').code == 5
    assert error.JobComplete('done').code == 1
    assert error.JobComplete('all done').message == 'all done'


def test_cmd_error_text():
    class Result:
        exit_status = 2

        def __repr__(self):
            return 'RESULT'

    assert str(error.CmdError('ls /x', Result())) == 'Command <ls /x> failed, rc=2\nRESULT'
    assert str(error.CmdError('ls /x', Result(), 'why')) == 'Command <ls /x> failed, rc=2, why\nRESULT'


def test_context_aware_adds_context_to_messages():
    @error.context_aware
    def work():
        error.context('copying files')
        raise error.TestFail('copy failed')

    with pytest.raises(error.TestFail, match=r'copy failed    \[context: copying files\]'):
        work()
    assert error.get_context() is None


def test_job_state_persists_and_reports_bad_files(tmp_path):
    path = str(tmp_path / 'control.state')
    state = base_job.job_state()
    state.set_backing_file(path, load=False)
    state.set('public', 'key', {'a': 1})
    again = base_job.job_state()
    again.set_backing_file(path)
    assert again.get('public', 'key') == {'a': 1}
    assert again.get('public', 'other', default=None) is None
    with pytest.raises(KeyError, match='public.other'):
        again.get('public', 'other')
    (tmp_path / 'broken.state').write_bytes(b'not a pickle')
    with pytest.raises(ValueError, match='broken.state is not a valid job state'):
        base_job.job_state().set_backing_file(str(tmp_path / 'broken.state'))


def _numbers(text: str) -> list[int]:
    return [int(part) for part in re.findall(r'\d+', text.split('-')[0])]


def test_version_sorts_at_or_above_the_suite_minimums():
    reported = version.get_version()
    assert _numbers(reported) >= _numbers('0.16.0-master-32-g050cd')
    assert _numbers(reported) >= _numbers('0.15.0')


def test_report_parser_keeps_messages_with_equals_signs(tmp_path):
    lines = [
        'START\t----\t----\ttimestamp=1\tlocaltime=Nov 25 01:00:00\t',
        '\tSTART\tt.x\tt.x\ttimestamp=1\ttimeout=3\tlocaltime=Nov 25 01:00:00\t',
        '\t\tFAIL\tt.x\tt.x\ttimestamp=2\tlocaltime=Nov 25 01:00:01\tx=1 failed',
        '\t\t  detail=2',
        '\tEND FAIL\tt.x\tt.x\ttimestamp=4\tlocaltime=Nov 25 01:00:03\t',
        'END GOOD\t----\t----\ttimestamp=5\tlocaltime=Nov 25 01:00:04\t',
    ]
    (tmp_path / 'status').write_text('\n'.join(lines) + '\n')
    summary = report.write_reports(str(tmp_path), 'default')
    assert summary['status'] == 'GOOD'
    (test,) = summary['tests']
    assert (test['name'], test['status'], test['message']) == ('t.x', 'FAIL', 'x=1 failed\ndetail=2')
    assert (test['timeout'], test['duration']) == ('3', 3)
    assert 'failures="1"' in (tmp_path / 'junit.xml').read_text()
