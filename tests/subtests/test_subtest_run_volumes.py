"""docker_cli/run_volumes through the subtest runner: GOOD on a healthy engine, FAIL on a bad container exit."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, hang_run, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]
NAME = 'docker_cli/run_volumes'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'read and written through the volume' in run.console


def test_a_failed_container_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['wait'], 'replace': ['0', '3']})
    assert_faulted(run, NAME, 'FAIL', 'Sub-subtest failures: volumes_rw')
    assert_faulted(run, NAME, 'FAIL', 'Exit status of container ', "expected '0'; got '3'", where='console')
    assert [entry['argv'][0] for entry in run.fault_log] == ['wait']


def test_a_missing_host_path_is_test_na(subtest_runner) -> None:
    ini = CUSTOM.format(host_paths='/nonexistent/dockertest')
    run = subtest_runner(NAME, custom={'run_volumes.ini': ini})
    assert run.result(NAME) == ('TEST_NA', 'Every sub-subtest was skipped: volumes_rw')
    assert 'host path /nonexistent/dockertest (host_paths) is not a directory' in run.console
    assert run.garbage() == []


def test_a_hung_run_fails_the_child_and_leaves_nothing(subtest_runner) -> None:
    run = hang_run(subtest_runner, NAME, ['run'], subtest_error=False)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: volumes_rw')


def test_a_bad_template_names_its_option(subtest_runner, tmp_path) -> None:
    ini = CUSTOM.format(host_paths=tmp_path).replace('cmd_template = cd', 'cmd_template = echo $(date) && cd')
    run = subtest_runner(NAME, custom={'run_volumes.ini': ini})
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: volumes_rw')
    assert "[docker_cli/run_volumes/volumes_rw] cmd_template = 'echo $(date) && cd" in run.console
    assert 'Invalid placeholder in string: line 1, col 6 (write $$ for a literal $' in run.console
    assert run.garbage() == []


CUSTOM = """[docker_cli/run_volumes]
remove_after_test = yes
subsubtests = volumes_rw

[docker_cli/run_volumes/volumes_rw]
wait_stop = 30
host_paths = {host_paths}
cntr_paths = /mnt/dockertest_volume
run_template = --detach=true,--volume="${{host_path}}:${{cntr_path}}"
cmd_template = cd "${{cntr_path}}" && cat "${{read_fn}}" | md5sum > "${{write_fn}}"
"""
