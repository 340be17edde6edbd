"""The end-of-job summary."""

from __future__ import annotations

from dockertest.summary import Row, format_summary, result_of, status_records

STATUS = (
    '\tSTART\tdocker/subtests/x.test_1-of-1\tdocker/subtests/x.test_1-of-1\ttimestamp=1\ttimeout=600\tlocaltime=Nov 1\t\n'
    '\t\tFAIL\tdocker/subtests/x.test_1-of-1\tdocker/subtests/x.test_1-of-1\ttimestamp=2\tlocaltime=Nov 1\t'
    "Unhandled KeyError: 'missing'\n"
    '  Traceback (most recent call last):\n'
    '  \tFAIL\tfake\tfake\tnot a record\n'
    '\tEND FAIL\tdocker/subtests/x.test_1-of-1\tdocker/subtests/x.test_1-of-1\ttimestamp=3\tlocaltime=Nov 1\t\n'
)


def test_result_of_reads_the_result_record_not_continuations() -> None:
    assert result_of(STATUS) == ('FAIL', "Unhandled KeyError: 'missing'")


def test_result_of_good_and_missing() -> None:
    good = '\t\tGOOD\tt\tt\ttimestamp=1\tlocaltime=x\tcompleted successfully\n'
    assert result_of(good) == ('GOOD', 'completed successfully')
    assert result_of('') == ('NOSTATUS', 'no result recorded')


def test_format_summary_lists_reasons_only_for_not_good() -> None:
    text = format_summary(
        [
            Row('example', 'GOOD', 0.25, 'completed successfully'),
            Row('docker_cli/version', 'FAIL', 1.5, 'versions differ'),
            Row('docker_cli/insert', 'TEST_NA', 0.1, 'no docker insert'),
        ],
        '/r',
    )
    assert text == (
        'Summary (results in /r)\n'
        '  subtest             status       time  reason\n'
        '  example             GOOD         0.2s\n'
        '  docker_cli/version  FAIL         1.5s  versions differ\n'
        '  docker_cli/insert   TEST_NA      0.1s  no docker insert\n'
        '  total: 1 FAIL, 1 GOOD, 1 TEST_NA\n'
    )


def test_format_summary_cuts_long_reasons() -> None:
    line = format_summary([Row('a', 'FAIL', 0, 'x' * 300)], width=40).splitlines()[2]
    assert len(line) == 40 and line.endswith('...')


def test_status_records_keep_equals_signs_in_messages() -> None:
    line = '\t\tFAIL\tt\tt\ttimestamp=1\tlocaltime=Nov 1\texpected x=1; got x=2\n'
    assert status_records(line) == [(2, 'FAIL', 't', 'expected x=1; got x=2')]
