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


def test_start_container_with_na_option_is_test_na_quoting_the_engine(make_subtest, tmp_path: Path) -> None:
    said = 'level=error msg="unable to get systemd connection to add healthchecks"'
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, f"echo {said!r} >&2")}\nna = systemd connection')
    with pytest.raises(xceptions.DockerTestNAError, match='docker run is not supported here; the engine says: level'):
        dockercalls.start_container(probe, 'test_x', ['sleep', '1'], na_option='na')
    assert [kind for kind, _ in probe.cleanups.entries] == ['container']
    probe.cleanups.run(log_failures_only=True)


def test_container_name_comes_from_the_prefix_option_and_is_registered(make_subtest) -> None:
    probe = make_subtest('container_name_prefix = test_calls')
    name = dockercalls.container_name(probe, '_new')
    assert name.startswith('test_calls_new_')
    assert probe.cleanups.entries == [('container', name)]
    probe.cleanups.entries.clear()


def test_ps_field_filters_on_the_exact_name(make_subtest, tmp_path: Path) -> None:
    client = fake_docker(tmp_path, 'echo " Up 2 seconds "')
    probe = make_subtest(f'docker_path = {client}')
    assert dockercalls.ps_field(probe, 'c1', '{{.Status}}', '--all') == 'Up 2 seconds'
    assert (tmp_path / 'calls').read_text().split() == [
        'ps',
        '--all',
        '--filter',
        'name=^c1$',
        '--format',
        '{{.Status}}',
    ]


def test_inspect_json_reads_the_value_and_names_what_is_not_json(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo null")}')
    assert dockercalls.inspect_json(probe, 'c1', '.State.Health') is None
    assert (tmp_path / 'calls').read_text() == 'inspect --format {{json .State.Health}} c1\n'
    broken = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo {nope")}')
    with pytest.raises(xceptions.DockerTestFail, match=r"^.State.Health of docker inspect c1 is not JSON: '\{nope'$"):
        dockercalls.inspect_json(broken, 'c1', '.State.Health')


def test_refused_needs_a_failure_with_one_of_the_texts(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest('msg = is not running|can only create exec sessions')
    passed = dockercalls.run(make_subtest(f'docker_path = {fake_docker(tmp_path, "exit 0")}'), 'exec', 'c1', 'true')
    with pytest.raises(xceptions.DockerTestFail, match=r'^docker exec into c1 passed; expected a refusal: .*exited 0$'):
        dockercalls.refused(probe, passed, 'msg', 'docker exec into c1')
    other = dockercalls.run(make_subtest(f'docker_path = {fake_docker(tmp_path, "echo gone >&2; exit 1")}'), 'exec')
    with pytest.raises(xceptions.DockerTestFail, match="^Expected 'is not running|.*' in the error of docker exec"):
        dockercalls.refused(probe, other, 'msg', 'docker exec into c1')
    podman = dockercalls.run(
        make_subtest(f'docker_path = {fake_docker(tmp_path, "echo can only create exec sessions >&2; exit 125")}'),
        'exec',
    )
    dockercalls.refused(probe, podman, 'msg', 'docker exec into c1')
