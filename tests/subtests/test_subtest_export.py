"""docker_cli/export through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, edited_ini, hang_control, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/export'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'the exported tar holds dockertest-export.txt with its token' in run.console


def test_a_failed_export_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['export'], 'exit_code': 1})
    assert_caught(run, NAME, 'export --output')


def test_a_path_missing_from_the_tar_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini('export', ('image_files = /bin/sh,/etc/passwd', 'image_files = /bin/sh,/etc/dockertest-nosuch'))
    run = subtest_runner(NAME, custom=custom)
    assert run.result(NAME) == ('FAIL', 'the image file /etc/dockertest-nosuch is not in the exported tar'), (
        run.console[-3000:]
    )
    assert run.garbage() == []


def test_a_hanging_export_is_cut_and_its_container_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['export'])


def test_a_tar_without_the_written_file_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['export'], 'tar_drop': 'dockertest-export'})
    assert_caught(run, NAME, 'dockertest-export.txt is not in the exported tar')
