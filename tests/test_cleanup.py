"""The cleanup registry removes exactly what was registered: on success, on failure, and on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from dockertest import cleanup, xceptions

DOCKER = '/usr/bin/docker'
IMAGE = 'localhost:5000/dockertest/busybox:latest'


def docker(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([DOCKER, *args], capture_output=True, text=True, check=check, timeout=60)


def exists(kind: str, name: str) -> bool:
    return docker(*(['image'] if kind == 'image' else []), 'inspect', name, check=False).returncode == 0


def test_unknown_kind_and_empty_name(make_subtest) -> None:
    registry = make_subtest().cleanups
    with pytest.raises(xceptions.DockerValueError, match="unknown kind 'pod'"):
        registry.add('pod', 'x')
    with pytest.raises(xceptions.DockerValueError, match='an empty container name'):
        registry.container(' ')


def test_removal_order_containers_first_latest_first(make_subtest) -> None:
    registry = make_subtest().cleanups
    registry.image('i1')
    registry.container('c1')
    registry.network('n1')
    registry.container('c2')
    registry.container('c1')
    assert registry.ordered() == [('container', 'c2'), ('container', 'c1'), ('network', 'n1'), ('image', 'i1')]
    registry.forget('network', 'n1')
    assert ('network', 'n1') not in registry.ordered()
    registry.entries.clear()
    cleanup._disarm(registry)


def test_a_failed_removal_is_an_error_naming_the_object(make_subtest, tmp_path: Path) -> None:
    fake = tmp_path / 'docker'
    fake.write_text('#!/bin/sh\necho "permission denied" >&2\nexit 1\n')
    fake.chmod(0o755)
    probe = make_subtest(f'docker_path = {fake}')
    probe.cleanups.container('c1')
    probe.cleanups.volume('v1')
    with pytest.raises(
        xceptions.DockerTestError,
        match='cleanup could not remove: container c1: .* exited 1: permission denied; volume v1',
    ):
        probe.cleanup()
    assert probe.cleanups.entries == []
    assert signal.getsignal(signal.SIGTERM) is not cleanup._on_sigterm


def test_remove_after_test_off_keeps_everything(make_subtest, tmp_path: Path) -> None:
    fake = tmp_path / 'docker'
    fake.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/calls\n')
    fake.chmod(0o755)
    probe = make_subtest(f'docker_path = {fake}\nremove_after_test = no')
    probe.cleanups.container('c1')
    assert probe.cleanups.run() == []
    assert not (tmp_path / 'calls').exists()


def test_actions_run_after_the_objects_latest_first_and_a_failure_names_its_label(make_subtest, tmp_path: Path) -> None:
    fake = tmp_path / 'docker'
    fake.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/calls\n')
    fake.chmod(0o755)
    probe = make_subtest(f'docker_path = {fake}')
    done = []
    probe.cleanups.action('first', lambda: done.append(('first', (tmp_path / 'calls').exists())))

    def broken() -> None:
        raise OSError('device busy')

    probe.cleanups.action('broken thing', broken)
    probe.cleanups.action('last', lambda: done.append(('last', (tmp_path / 'calls').exists())))
    probe.cleanups.container('c1')
    assert probe.cleanups.run(log_failures_only=True) == ['broken thing: device busy']
    assert done == [('last', True), ('first', True)]
    assert probe.cleanups.actions == []
    assert signal.getsignal(signal.SIGTERM) is not cleanup._on_sigterm


def test_remove_after_test_off_keeps_the_actions_undone(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest('remove_after_test = no')
    done = []
    probe.cleanups.action('namespace x', lambda: done.append(1))
    assert probe.cleanups.run() == []
    assert done == []


@pytest.mark.daemon
def test_removes_exactly_what_was_registered(make_subtest) -> None:
    tag = uuid.uuid4().hex[:8]
    mine, other, gone = f'test_cleanup_mine_{tag}', f'test_cleanup_other_{tag}', f'test_cleanup_gone_{tag}'
    image, network = f'localhost:5000/dockertest/cleanup_{tag}:latest', f'test_cleanup_net_{tag}'
    probe = make_subtest(f'docker_path = {DOCKER}')
    try:
        for name in (mine, other):
            docker('run', '--detach', f'--name={name}', IMAGE, 'sleep', '600')
        docker('tag', IMAGE, image)
        docker('network', 'create', network)
        for kind, name in (('container', mine), ('container', gone), ('image', image), ('network', network)):
            probe.cleanups.add(kind, name)
        probe.cleanup()
        assert not exists('container', mine)
        assert not exists('image', image)
        assert docker('network', 'inspect', network, check=False).returncode != 0
        assert exists('container', other)
        assert exists('image', IMAGE)
    finally:
        docker('rm', '--force', mine, other, check=False)
        docker('rmi', image, check=False)
        docker('network', 'rm', network, check=False)


CHILD = textwrap.dedent(
    """
    import sys, time
    from types import SimpleNamespace
    from autotest.client import job as client_job
    from dockertest import subtest
    from dockertest.dockercmd import NoFailDockerCmd
    suite, out, name = sys.argv[1:]
    options = SimpleNamespace(output_dir=out, args=None, cont=False, tag=None)
    the_job = client_job.job(suite + '/control', options)
    probe = subtest.Subtest(the_job, suite + '/subtests/probe', the_job.resultdir + '/probe')
    probe.cleanups.container(name)
    probe.cleanups.action('marker', lambda: open(out + '.action', 'w').close())
    NoFailDockerCmd(probe, 'run', ['--detach', '--name=' + name, '%s', 'sleep', '600']).execute()
    print('ready', flush=True)
    time.sleep(120)
    """
)


@pytest.mark.daemon
def test_sigterm_removes_the_registered_objects_then_the_process_dies_of_it(make_subtest, tmp_path: Path) -> None:
    make_subtest(f'docker_path = {DOCKER}')  # writes the suite
    name = f'test_cleanup_term_{uuid.uuid4().hex[:8]}'
    script = tmp_path / 'child.py'
    script.write_text(CHILD % IMAGE)
    env = dict(os.environ, DOCKERTEST_SUITE_DIR=str(tmp_path / 'suite'))
    child = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / 'suite'), str(tmp_path / 'out2'), name],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout.readline().strip() == 'ready'
        assert exists('container', name)
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == -signal.SIGTERM
        assert not exists('container', name)
        assert (tmp_path / 'out2.action').exists()  # the registered action ran too
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
        docker('rm', '--force', name, check=False)
