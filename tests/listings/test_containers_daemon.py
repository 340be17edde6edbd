"""Containers on the real daemon, through both docker clients and both interfaces."""

from __future__ import annotations

import time

import pytest

from dockertest.containers import DockerContainers

pytestmark = pytest.mark.daemon


@pytest.mark.engine_alone  # compares every container the CLI lists with every one the API lists
def test_cli_and_api_list_and_inspect_the_same_containers(make_subtest, daemon) -> None:
    probe = make_subtest(f'docker_path = {daemon.client}')
    cli, api = DockerContainers(probe), DockerContainers(probe, 'api')
    name = cli.get_unique_name('dockertest_list')
    cid = daemon.container(name, 'sleep', '600')
    for conts in (cli, api):
        (found,) = conts.list_containers_with_name(name)
        assert (found.long_id, found.container_name) == (cid, name)
        assert found.image_name == 'localhost:5000/dockertest/busybox:latest'
        assert conts.list_containers_with_cid(cid[:12])[0].container_name == name
        assert conts.json_by_name(name)[0]['Id'] == cid
        assert conts.json_by_long_id(cid)[0]['State']['Running'] is True
        assert conts.get_container_metadata('no-such-container-here') is None
    by_cli = sorted(zip(cli.list_container_ids(), cli.list_container_names()))
    by_api = sorted(zip(api.list_container_ids(), api.list_container_names()))
    assert by_cli == by_api
    assert (cid, name) in by_cli
    with pytest.raises(ValueError, match="0 containers are called 'no-such-container-here'"):
        cli.json_by_name('no-such-container-here')


@pytest.mark.parametrize('interface', ['cli', 'api'])
def test_kill_wait_and_remove(make_subtest, daemon, interface: str) -> None:
    probe = make_subtest(f'docker_path = {daemon.client}')
    conts = DockerContainers(probe, interface)
    sleeper, quitter = conts.get_unique_name('dockertest_kill'), conts.get_unique_name('dockertest_wait')
    sleeper_id = daemon.container(sleeper, 'sh', '-c', 'trap "exit 5" TERM; while :; do sleep 0.1; done')
    daemon.container(quitter, 'sh', '-c', 'sleep 8; exit 3')
    pid = conts.kill_container_by_name(sleeper, 'SIGTERM' if interface == 'cli' else None)
    assert pid > 1
    assert conts.wait_by_name(quitter) == 3
    assert conts.wait_by_name(quitter) is None  # not running any more
    state = conts.json_by_name(sleeper)[0]['State']
    for _ in range(50):
        if not state['Running']:
            break
        time.sleep(0.1)
        state = conts.json_by_name(sleeper)[0]['State']
    assert state['Running'] is False
    assert state['ExitCode'] == (5 if interface == 'cli' else 137)
    with pytest.raises(ValueError, match='is not running, it cannot be killed'):
        conts.kill_container_by_long_id(sleeper_id)
    with pytest.raises(KeyError, match='no container is called'):
        conts.kill_container_by_name('no-such-container-here')
    conts.remove_by_id(sleeper_id)
    conts.remove_by_name(quitter)
    names = conts.list_container_names()
    assert sleeper not in names and quitter not in names


def test_clean_all_keeps_preserve_cnames(make_subtest, daemon) -> None:
    probe = make_subtest(f'docker_path = {daemon.client}')
    conts = DockerContainers(probe)
    keep, drop, gone = (conts.get_unique_name(f'dockertest_{what}') for what in ('keep', 'drop', 'gone'))
    probe = make_subtest(f'docker_path = {daemon.client}\npreserve_cnames = {keep}')
    conts = DockerContainers(probe, 'api')
    daemon.container(keep, 'sleep', '600')
    daemon.container(drop, 'true', detach=False)
    # rm --force succeeds on a name that is already gone
    assert conts.clean_all([keep, drop, gone]) == [drop, gone]
    names = conts.list_container_names()
    assert keep in names and drop not in names
