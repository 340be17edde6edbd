"""docker_cli/run_simple through the subtest runner: GOOD on a healthy engine, FAIL naming the broken child."""

from __future__ import annotations

import subprocess

import pytest
from dockercli_support import assert_faulted, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]
NAME = 'docker_cli/run_simple'
EXTRA = 'localhost:5000/dockertest/busybox:extra'


def image_exists(name: str) -> bool:
    return subprocess.run(['docker', 'image', 'inspect', name], capture_output=True, check=False).returncode == 0


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    passing_run(subtest_runner, NAME, docker_client)
    assert image_exists(EXTRA)


def test_a_wrong_exit_status_fails_run_false(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['run', '/bin/false'], 'exit_code': 0})
    assert run.result(NAME)[1].startswith('Sub-subtest failures: run_false (')
    assert_faulted(run, NAME, 'FAIL', 'Exit status of ', '/bin/false: expected 1; got 0', where='console')
    assert len(run.fault_log) == 1


def test_a_lost_retagged_image_fails_run_remote_tag_and_leaves_the_test_image(subtest_runner) -> None:
    # `docker tag` of the private copy to its new name succeeds but the engine does not keep the name;
    # the private copy itself is made with `docker image tag`, which the rule does not match.
    run = subtest_runner(NAME, fault={'match': ['tag'], 'remove_image': True})
    assert run.result(NAME)[1].startswith('Sub-subtest failures: run_remote_tag (')
    assert_faulted(run, NAME, 'FAIL', 'Exit status of ', 'localhost:5000/dockertest-test/', where='console')
    assert [entry['argv'][0] for entry in run.fault_log] == ['tag']
    assert image_exists(EXTRA), 'the shared test image name is never untagged'


def test_text_lost_through_attach_fails_run_interactive_disconnect(subtest_runner) -> None:
    # The child's section replaced by one that waits 3 s, not 30.
    custom = {'run_simple.ini': SHORT_WAIT}
    run = subtest_runner(NAME, fault={'match': ['logs'], 'drop_lines': 'fed through docker attach'}, custom=custom)
    assert run.result(NAME)[1].startswith('Sub-subtest failures: run_interactive_disconnect (')
    text = "'fed through docker attach' fed through docker attach did not reach run_simple_"
    assert_faulted(run, NAME, 'FAIL', text, where='console')


SHORT_WAIT = """[docker_cli/run_simple/run_interactive_disconnect]
run_options_csv = --detach,--interactive
cmd = cat
attach_options_csv = --sig-proxy=false
interactive_cmd = fed through docker attach
check_i_cmd_out = fed through docker attach
wait_interactive_cmd = 3
"""
