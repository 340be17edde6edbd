"""dockertest.output: the pinned examples of the spec (§12) and the error contract."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import pytest

from dockertest import output, polling, xceptions
from dockertest.images import DockerFullNameFormatError, DockerImage
from dockertest.output import (
    ColumnRanges,
    DockerInfo,
    DockerOutputError,
    DockerTime,
    DockerVersion,
    OutputGood,
    OutputNotBad,
    TextTable,
    wait_for_output,
)

from .conftest import result, tabwrite

PS_HEADER = ''.join(n.ljust(20) for n in ('CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'))

ID_A = '58394af373423902a1b97f209a31e3777932d9321ef10e64feaaa7b4df609cf9'
ID_B = '3f2fed40e4b0941403cd928b6b94e0fd236dfc54656c00e456747093d10157ac'
IMAGES_2014 = tabwrite(
    [
        ('REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'VIRTUAL SIZE'),
        ('192.168.122.245:5000/fedora', '32', ID_A, '5 weeks ago', '385.5 MB'),
        ('fedora', '32', ID_A, '5 weeks ago', '385.5 MB'),
        ('fedora', 'rawhide', ID_A, '5 weeks ago', '385.5 MB'),
        ('192.168.122.245:5000/fedora', 'latest', ID_A, '5 weeks ago', '385.5 MB'),
        ('fedora', '20', ID_B, '5 weeks ago', '385.5 MB'),
        ('fedora', 'heisenbug', ID_B, '5 weeks ago', '385.5 MB'),
        ('fedora', 'latest', ID_B, '5 weeks ago', '385.5 MB'),
    ]
)


class TestColumnRanges:
    def test_pinned_ps_header(self):
        cr = ColumnRanges(PS_HEADER)
        assert len(cr) == 7
        for rng in ((0, 20), (20, 40), (60, 80)):
            assert rng in cr
        assert cr.offset(7) == 'CONTAINER ID'
        assert cr.offset(20) == 'IMAGE'
        for n in (len(PS_HEADER), 99999, -99999, None):
            assert cr.offset(n) == 'NAMES'

    @pytest.mark.parametrize('header', ['', ' ', '\0\0', '\n', '\n\n  \n'])
    def test_blank_or_short_headers_raise_value_error(self, header):
        with pytest.raises(ValueError, match='line 1'):
            ColumnRanges(header)

    def test_mapping_interface(self):
        cr = ColumnRanges('ONE   TWO   THREE')
        assert isinstance(cr, Mapping)
        assert cr.columns == ('ONE', 'TWO', 'THREE')
        assert cr.ranges == ((0, 6), (6, 12), (12, None))
        assert cr.count == 3
        assert cr[(6, 12)] == 'TWO'
        assert cr['THREE'] == (12, None)
        assert 'ONE' in cr and 6 not in cr and (0, 6) in cr
        assert list(cr) == list(cr.keys()) == [(0, 6), (6, 12), (12, None)]
        assert cr.values() == ['ONE', 'TWO', 'THREE']
        assert str(cr) == 'ONE: 0-6, TWO: 6-12, THREE: 12-End'
        with pytest.raises(KeyError):
            cr['FOUR']
        with pytest.raises(ValueError, match='expected 2 columns'):
            ColumnRanges('ONE   TWO   THREE', expected=2)

    def test_offsets_are_characters_and_names_are_scanned_left_to_right(self):
        cr = ColumnRanges('UID   C   STIME   TIME   CMD', min_col_len=1)
        assert cr['TIME'] == (18, 25)
        assert cr.offset(11) == 'STIME'


class TestTextTable:
    def test_pinned_three_columns(self):
        table = TextTable('  one   two   three  \nfoo   bar   \n1     2     3   4  \n\n     a     b     c')
        assert table == [
            {'one': 'foo', 'two': 'bar', 'three': None},
            {'one': '1', 'two': '2', 'three': '3   4'},
            {'one': None, 'two': None, 'three': None},
            {'one': 'a', 'two': 'b', 'three': 'c'},
        ]

    def test_pinned_2014_images_table(self):
        table = TextTable(IMAGES_2014)
        assert table.columnranges.values() == ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'VIRTUAL SIZE']
        assert len(table.search('IMAGE ID', ID_A)) == 4
        assert table.find('TAG', 'rawhide')['REPOSITORY'] == 'fedora'
        with pytest.raises(IndexError, match='4 rows'):
            table.find('IMAGE ID', ID_A)

    def test_pinned_0_8_8_ps_table_with_spaces_and_size(self):
        text = tabwrite(
            [
                ('CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES', 'SIZE'),
                (
                    '9bb7ae1f1c6a',
                    'docker.io/stackbrew/busybox:latest',
                    '"/bin/sh -c \'echo  hi\'"',
                    'About a minute ago',
                    'Exited (0) About a minute ago',
                    '',
                    'sad_turing',
                    '166 B',
                ),
            ]
        )
        (row,) = TextTable(text)
        assert row['COMMAND'] == '"/bin/sh -c \'echo  hi\'"'
        assert row['CREATED'] == 'About a minute ago'
        assert row['STATUS'] == 'Exited (0) About a minute ago'
        assert row['PORTS'] is None
        assert row['SIZE'] == '166 B'

    def test_pinned_docker_1_10_images_table(self):
        sha = 'sha256:' + ID_A
        text = tabwrite(
            [('REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'), ('fedora', 'latest', sha, '3 days', '204.7 MB')]
        )
        (row,) = TextTable(text)
        assert row['IMAGE ID'] == sha and row['SIZE'] == '204.7 MB'

    def test_empty_table_is_a_type_error(self):
        for empty in ('', '  \n ', None):
            with pytest.raises(TypeError):
                TextTable(empty)

    def test_rows_must_conform_and_be_unique(self):
        table = TextTable('AAA   BBB\nx     y\n')
        with pytest.raises(ValueError, match='exactly the keys'):
            table.append({'AAA': 'x'})
        with pytest.raises(ValueError, match='already in the table'):
            table.add({'AAA': 'x', 'BBB': 'y'})
        table.insert(0, {'AAA': '1', 'BBB': None})
        table[1] = {'AAA': 'z', 'BBB': 'z'}
        assert [r['AAA'] for r in table] == ['1', 'z']
        table.discard(0)
        assert table == [{'AAA': 'z', 'BBB': 'z'}]
        with pytest.raises(DockerOutputError, match='line 3, column 1: this row duplicates'):
            TextTable('AAA   BBB\nx     y\nx     y\n')
        assert len(TextTable('AAA   BBB\nx     y\nx     y\n', allow_duplicate=True)) == 2

    def test_search_with_match_func_returns_copies(self):
        table = TextTable(IMAGES_2014)
        hits = table.search('REPOSITORY', '5000', lambda _c, want, have: want in (have or ''))
        assert len(hits) == 2
        hits[0]['TAG'] = 'changed'
        assert table[0]['TAG'] == '32'

    def test_header_and_tabledata(self):
        table = TextTable(header='NAME    VALUE', tabledata=['a       1', 'b       2'])
        assert [r['VALUE'] for r in table] == ['1', '2']
        assert TextTable.parseheader('\n  NAME   X\nrow') == 'NAME   X'
        by_ranges = TextTable(columnranges=ColumnRanges('NAME    VALUE'), tabledata='a       1\n\nb')
        assert by_ranges == [{'NAME': 'a', 'VALUE': '1'}, {'NAME': None, 'VALUE': None}, {'NAME': 'b', 'VALUE': None}]

    def test_misaligned_row_names_command_line_and_column(self):
        with pytest.raises(DockerOutputError) as info:
            TextTable('AAA   BBB\nok    fine\nxxxxxxyyy\n', command='docker ps -a')
        err = info.value
        assert isinstance(err, ValueError)
        assert (err.command, err.line, err.column) == ('docker ps -a', 3, 7)
        assert '`docker ps -a`' in str(err) and 'line 3, column 7' in str(err)

    def test_duplicate_header_names_get_suffixed_keys(self):
        (row,) = TextTable('PID   COMMAND   COMMAND\n1     sh        sh -c true\n')
        assert row == {'PID': '1', 'COMMAND': 'sh', 'COMMAND_2': 'sh -c true'}


class TestDockerVersion:
    def test_pinned_2014_text(self):
        text = (
            'Client version: 0.9.0\nGo version (client): go1.2Git commit (client): 2b3fdf2 '
            'Server version: 0.8.0 Git commit (server): cc3a8c8 Go version (server): go1.2 Last stable version: 0.9.0'
        )
        version = DockerVersion(text)
        assert (version.client, version.server) == ('0.9.0', '0.8.0')

    def test_server_is_the_engine_not_docker_init(self, cli_capture):
        version = DockerVersion(cli_capture('docker-28.2.2-client/version.txt'))
        assert version.client == '28.2.2'
        assert version.server == '20.10.24+dfsg1'
        assert version.client_info('Go verSion  ') == 'go1.24.3'
        assert version.server_info('api version') == '1.41 (minimum version 1.12)'
        assert version.server_section['docker-init'] == {'Version': '0.19.0', 'GitCommit': ''}
        assert version.client_info('no such key') is None

    def test_missing_server_is_an_output_error(self, cli_capture):
        version = DockerVersion(cli_capture('podman-4.3.1/podman-version.txt'))
        assert version.client == '4.3.1'
        with pytest.raises(DockerOutputError, match='no server version'):
            _ = version.server


class TestDockerTime:
    @pytest.mark.parametrize(
        ('text', 'fields', 'offset'),
        [
            ('2015-03-02T17:04:20.569Z', (2015, 3, 2, 17, 4, 20, 569000), 0),
            ('2015-03-02T17:04:20.12345678901234567890Z', (2015, 3, 2, 17, 4, 20, 123456), 0),
            ('2015-03-02T17:04:20z', (2015, 3, 2, 17, 4, 20, 0), 0),
            ('2015-03-02T17:04:20+12:34', (2015, 3, 2, 17, 4, 20, 0), 12 * 3600 + 34 * 60),
            ('2015-03-02T17:04:20.5-05:00', (2015, 3, 2, 17, 4, 20, 500000), -5 * 3600),
            ('  created 2016-02-29T23:59:59.000001Z and more', (2016, 2, 29, 23, 59, 59, 1), 0),
            ('2026-11-24T23:36:17.035989261Z container create', (2026, 11, 24, 23, 36, 17, 35989), 0),
            ('2026-05-07T21:09:36.000000000+00:00', (2026, 5, 7, 21, 9, 36, 0), 0),
            ('2026-11-24 23:41:38.918465728 +0000 UTC', (2026, 11, 24, 23, 41, 38, 918465), 0),
            ('2026-11-24 23:34:45 +0000 UTC', (2026, 11, 24, 23, 34, 45, 0), 0),
            ('0001-01-01T00:00:00Z', (1, 1, 1, 0, 0, 0, 0), 0),
        ],
    )
    def test_parses(self, text, fields, offset):
        t = DockerTime(text)
        assert (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond) == fields
        assert t.utcoffset() == timedelta(seconds=offset)
        assert t.is_undefined() == (fields[0] == 1)

    @pytest.mark.parametrize('text', ['2015-03-02 17:04:20z', '', 'yesterday', '2015-02-29T00:00:00Z'])
    def test_unparsable_raises_value_error(self, text):
        with pytest.raises(ValueError, match='docker timestamp'):
            DockerTime(text)

    def test_utc_helpers(self):
        assert DockerTime('2015-03-02T17:04:20Z').tzinfo.tzname(None) == 'UTC'
        # The original's zero time is docker's own, 0001-01-01T00:00:00Z, not the Unix epoch.
        assert DockerTime.UTC.EPOCH == DockerTime('0001-01-01T00:00:00Z')
        assert DockerTime('0001-01-01T00:00:00Z') - DockerTime.UTC.EPOCH == DockerTime.UTC.ZERO
        assert DockerTime.UTCOffset('+12:34').utcoffset(None) == timedelta(hours=12, minutes=34)
        with pytest.raises(ValueError):
            DockerTime.UTCOffset('12:34')
        assert DockerTime('2015-03-02T17:04:20Z') - DockerTime('2015-03-02T18:04:20+01:00') == timedelta(0)


class TestDockerInfo:
    def test_docker_info_today(self, cli_capture):
        info = DockerInfo(cli_capture('docker-28.2.2-client/info.txt'))
        assert info.get('Server Version') == '20.10.24+dfsg1'
        assert info.get('containers', 'running') == '0'
        assert info.info_table['storage_driver'] == 'vfs'
        assert info.info_table['security_options...']['seccomp...'] == {'profile': 'default'}
        assert info.info_table['insecure_registries...'] == {'127.0.0.0/8': ''}
        assert info.get('init version') == ''
        assert info.sections['client']['version'] == '28.2.2'
        with pytest.raises(KeyError, match='no_such'):
            info.get('no such')

    def test_2014_flat_layout(self):
        info = DockerInfo('Containers: 3\nImages: 10\nDriver: devicemapper\n Pool Name: docker-pool\n Data file: x\n')
        assert info.get('driver') == 'devicemapper'
        assert info.get('driver', 'pool name') == 'docker-pool'


class TestOutputGood:
    def test_pinned_panic_and_usage(self):
        with pytest.raises(DockerOutputError, match='crash_check_stderr'):
            OutputGood(result(stderr='panic: runtime error: slice bounds out of range'))
        with pytest.raises(DockerOutputError, match='usage_check_stdout'):
            OutputGood(result(stdout='Usage: docker [OPTIONS] COMMAND [arg...]'))
        good = OutputGood(result(stdout='all fine\n', stderr=''))
        assert good and str(good).startswith('All Good: [')
        assert set(good.results) == {
            f'{name}_{stream}'
            for name in ('crash_check', 'error_check', 'usage_check')
            for stream in ('stdout', 'stderr')
        }

    def test_error_check_every_line_with_colon(self):
        bad = OutputGood(result(stdout='fine\nsecond line Error: oops', exit_status=1), ignore_error=True)
        assert not bad
        assert bad.results['error_check_stdout'] is False and bad.results['error_check_stderr'] is True
        text = str(bad)
        assert text.startswith('Good: [') and "Not Good: ['error_check_stdout']" in text
        assert "Command '/foo/bar cmd' exit 1" in text
        assert OutputGood(result(stdout='an error without a colon'))
        assert bad.output_good == {'crash_check': True, 'error_check': False, 'usage_check': True}

    def test_skip_and_bytes(self):
        assert OutputGood(result(stdout=b'Error: no\n'), skip='error_check')
        assert OutputGood(result(stdout='Error: no'), skip=['error_check', 'usage_check'])

    def test_raised_error_names_the_command(self):
        with pytest.raises(DockerOutputError) as info:
            OutputGood(result(stderr='Error: No such container: x', command='docker rm x'))
        assert info.value.command == 'docker rm x'

    def test_output_not_bad_only_panics_and_fata(self):
        assert OutputNotBad(result(stderr='Error response from daemon: No such container: x', exit_status=1))
        assert OutputNotBad(result(stdout='Usage: docker [OPTIONS]'))
        with pytest.raises(DockerOutputError, match='fata_check_stderr'):
            OutputNotBad(result(stderr='time=x FATA[0000] boom'))
        with pytest.raises(DockerOutputError, match='crash_check_stdout'):
            OutputNotBad(result(stdout='panic: runtime error: nil map'))
        assert 'fata_check' not in dir(OutputGood)

    def test_no_checks_is_always_true(self):
        class NoChecks(output.OutputGoodBase):
            pass

        assert NoChecks(result(stdout='panic: runtime error: x'))


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def time(self):
        return self.now

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class TestWaitForOutput:
    def test_pinned_with_mocked_time(self, monkeypatch):
        clock = FakeClock()
        monkeypatch.setattr(polling, 'time', clock)  # wait_for_output is polling's (output re-exports it)
        start = clock.now
        assert wait_for_output(lambda: 'ready' if clock.now - start >= 2 else '', r'rea.y', timeout=60, timestep=0.2)
        assert clock.now - start < 8

        start = clock.now
        assert not wait_for_output(lambda: 'ready' if clock.now - start >= 10 else '', 'ready', timeout=2, timestep=0.2)
        assert 2 <= clock.now - start < 2.5


def test_core_errors_are_the_xceptions_classes():
    """The core raises the one set of classes, those of ``dockertest.xceptions``, with their attributes."""
    with pytest.raises(xceptions.DockerOutputError) as info:
        TextTable('AAA   BBB\nxxxxxxyyy\n', command='docker ps')
    assert type(info.value) is xceptions.DockerOutputError is DockerOutputError
    assert (info.value.command, info.value.line, info.value.column) == ('docker ps', 2, 7)
    assert info.value.reason == str(info.value) and 'line 2, column 7' in str(info.value)
    with pytest.raises(xceptions.DockerOutputError, match='crash_check'):
        OutputGood(result(stderr='panic: runtime error: x'))
    with pytest.raises(xceptions.DockerFullNameFormatError, match="Image name 'a b' does not match") as name_info:
        DockerImage.split_to_component('a b')
    assert type(name_info.value) is xceptions.DockerFullNameFormatError is DockerFullNameFormatError
    assert name_info.value.name == 'a b'
