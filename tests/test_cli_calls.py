"""dockertest.dockercalls: verdicts naming the command, TEST_NA quoting the engine, containers registered before they exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockertest import dockercalls, xceptions


def fake_docker(tmp_path: Path, script: str) -> str:
    path = tmp_path / 'fake-docker'
    path.write_text('#!/bin/sh\necho "$@" >> ' + str(tmp_path / 'calls') + '\n' + script)
    path.chmod(0o755)
    return str(path)


def test_must_pass_names_the_command_status_and_error(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo no such  thing >&2; exit 3")}')
    with pytest.raises(xceptions.DockerTestFail, match=r'fake-docker pause a b exited 3: no such thing$'):
        dockercalls.must_pass(probe, 'pause', 'a b')


def test_an_unsupported_feature_is_test_na_quoting_the_engine_even_on_success(make_subtest, tmp_path: Path) -> None:
    warning = 'WARNING: Your kernel does not support memory limit capabilities. Limitation discarded.'
    probe = make_subtest(
        f'docker_path = {fake_docker(tmp_path, f"echo {warning!r} >&2")}\nna = freezer gone|does not support memory limit'
    )
    with pytest.raises(
        xceptions.DockerTestNAError, match=f'docker run is not supported here; the engine says: {warning}'
    ):
        dockercalls.must_pass_or_na(probe, 'na', 'run', 'x')


def test_start_container_registers_the_name_before_docker_run(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "exit 125")}')
    with pytest.raises(xceptions.DockerTestFail, match='exited 125'):
        dockercalls.start_container(probe, 'test_x', ['sleep', '1'], ['--tty'])
    [(kind, name)] = probe.cleanups.entries
    assert kind == 'container' and name.startswith('test_x_')
    call = (tmp_path / 'calls').read_text().split()
    assert call == [
        'run',
        '--detach',
        f'--name={name}',
        '--tty',
        'localhost:5000/dockertest/busybox:latest',
        'sleep',
        '1',
    ]
    probe.cleanups.run(log_failures_only=True)


def test_must_fail_with_wants_a_failure_naming_one_of_the_texts(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(
        f'docker_path = {fake_docker(tmp_path, "echo dial tcp: connection refused >&2; exit 1")}\n'
        'refused = no route| connection refused \nother = denied'
    )
    dockercalls.must_fail_with(probe, dockercalls.run(probe, 'push', 'x'), 'refused', 'the push')
    with pytest.raises(xceptions.DockerTestFail, match=r"the error of the push names none of \['denied'\] \(.*refused"):
        dockercalls.must_fail_with(probe, dockercalls.run(probe, 'push', 'x'), 'other', 'the push')
    passing = make_subtest(f'docker_path = {fake_docker(tmp_path, "exit 0")}\nrefused = refused')
    with pytest.raises(xceptions.DockerTestFail, match=r'^the push passed \(.*fake-docker push x\)$'):
        dockercalls.must_fail_with(passing, dockercalls.run(passing, 'push', 'x'), 'refused', 'the push')


def test_env_reaches_the_client(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo $DOCKER_CONFIG")}')
    assert dockercalls.must_pass(probe, 'login', env={'DOCKER_CONFIG': '/tmp/owned'}).stdout == '/tmp/owned\n'
