"""docker_cli/network through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import re
import subprocess

import pytest
from dockercli_support import assert_caught, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/network'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'reached' in run.console and 'by name on the user-defined bridge' in run.console
    assert 'unreachable' in run.console, run.console[-3000:]
    assert_namespace_removed(run)


def assert_namespace_removed(run) -> None:
    """The run named the namespace of ``internal``'s stand-in outside, and it is gone with its veth pair."""
    names = set(re.findall(r'namespace (dockertest_int_([0-9a-f]+))', run.console))
    assert names, run.console[-3000:]
    namespaces = subprocess.run(['ip', 'netns', 'list'], capture_output=True, text=True, check=True).stdout
    links = subprocess.run(['ip', '-o', 'link'], capture_output=True, text=True, check=True).stdout
    for name, suffix in names:
        assert name not in namespaces and f'dti{suffix}' not in links


def test_a_server_reached_across_networks_fails_the_subtest(subtest_runner) -> None:
    # Every fetch from a client container reports success: one across networks must be named.
    run = subtest_runner(
        NAME,
        fault={'match': ['exec', 'sh', '-c'], 'exit_code': 0},
        custom=only_child('network', 'connect_disconnect'),
    )
    assert_caught(run, NAME, 'before network connect', child='connect_disconnect')


def test_a_route_out_of_an_internal_network_fails_the_subtest(subtest_runner) -> None:
    # The probe's routing table is given a default route via 192.168.0.1: the subtest must name it.
    run = subtest_runner(
        NAME,
        fault={
            'match': ['run', '--rm'],
            'replace': ['---', '---\neth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0'],
        },
        custom=only_child('network', 'internal'),
    )
    assert_caught(run, NAME, "has a route via ['0100A8C0']", child='internal')


def test_an_internal_network_that_forwards_out_fails_the_subtest(subtest_runner) -> None:
    # network create loses --internal (a label in its place): its container reaches the stand-in outside.
    run = subtest_runner(
        NAME,
        fault={'match': ['network', 'create', '--internal'], 'args_replace': ['--internal', '--label=fault=1']},
        custom=only_child('network', 'internal'),
    )
    assert_caught(run, NAME, 'outside the host', child='internal')
    assert_namespace_removed(run)
