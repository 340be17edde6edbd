"""The podman profiles against the real engines: a podman-only fault, no cross-engine leftovers, the host.

Each test needs dockerd and podman (``host up`` sets both up); without podman they skip, or fail when
``DOCKERTEST_REQUIRE_DAEMON`` is set, as the daemon tests do.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from autotest.client.shared.ports import free_port
from dockertest import environment

pytestmark = [pytest.mark.daemon, pytest.mark.podman, pytest.mark.timeout(300)]

PODMAN = '/usr/bin/podman'
DOCKER = '/usr/bin/docker'
FAULT = str(Path(sys.executable).parent / 'dockertest-fault-docker')
EXTRA = 'localhost:5000/dockertest/busybox:extra'
# The custom config of a suite whose podman profile goes through the fault client; docker's does not.
FAULTY_PODMAN = {
    'defaults.ini': f'[DEFAULTS]\ndocker_path = {DOCKER}\n',
    'engines.ini': f'[engine:podman]\ndocker_path = {FAULT}\n',
}


@pytest.fixture(autouse=True)
def podman_answers() -> None:
    """Skip (or fail, under DOCKERTEST_REQUIRE_DAEMON) when podman or its API is not there."""
    sock = os.environ.get('DOCKERTEST_PODMAN_SOCKET', '/run/dockertest/podman.sock')
    from dockertest.host import daemon_answers

    if Path(PODMAN).exists() and daemon_answers(sock):
        return
    reason = f'NO PODMAN: {PODMAN} or its API on {sock} is missing (run `make host-up`)'
    if os.environ.get('DOCKERTEST_REQUIRE_DAEMON', '') not in ('', '0'):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def listing(client: str, options: str = '') -> environment.Snapshot:
    return environment.take_snapshot(client, options, 60.0)


def host(*args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, '-m', 'dockertest.host', *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_a_podman_only_fault_is_caught_on_the_podman_profile(subtest_runner) -> None:
    fault = {'match': ['run'], 'exit_code': 0}
    run = subtest_runner('engine=podman docker_cli/run_twice', custom=FAULTY_PODMAN, fault=fault, docker_client=PODMAN)
    status, message = run.result('docker_cli/run_twice')
    assert status == 'FAIL' and 'of an existing container succeeded' in message, run.console[-3000:]
    assert run.fault_log and all(entry['argv'][0] == 'run' for entry in run.fault_log)
    # The same suite on the docker profile never goes through the fault client.
    clean = subtest_runner(
        'engine=docker docker_cli/run_twice', custom=FAULTY_PODMAN, fault=fault, docker_client=PODMAN
    )
    assert clean.result('docker_cli/run_twice')[0] == 'GOOD', clean.console[-3000:]
    assert clean.fault_log == []
    assert run.garbage() == clean.garbage() == []


@pytest.mark.engine_alone  # compares every object of both engines before and after
def test_nothing_one_profile_makes_is_left_in_the_other_engine(subtest_runner) -> None:
    selection = 'docker_cli/run_twice,docker_cli/tag'
    docker_before, podman_before = listing(DOCKER), listing(PODMAN)
    for profile in ('podman', 'podman-api'):
        run = subtest_runner(f'engine={profile} {selection}')
        assert run.results()['docker_cli/run_twice'][0] == 'GOOD', run.console[-3000:]
        assert run.garbage() == []
    assert listing(DOCKER) == docker_before
    run = subtest_runner(f'engine=docker {selection}')
    assert set(run.results().values()) == {('GOOD', 'completed successfully')}, run.console[-3000:]
    assert listing(PODMAN) == podman_before
    assert listing(DOCKER) == docker_before


@pytest.mark.engine_alone  # compares every object of both engines, and removes podman's test image
def test_host_up_twice_then_down_purge_leaves_the_listings_as_before(tmp_path: Path) -> None:
    """A second host (its own state and podman socket) over the shared one: up adds, purge takes back."""
    env = dict(
        os.environ,
        DOCKERTEST_STATE_DIR=str(tmp_path / 'state'),
        DOCKERTEST_PODMAN_SOCKET=str(tmp_path / 'run' / 'podman.sock'),
        DOCKERTEST_AUTH_REGISTRY_PORT=str(free_port()),
    )
    subprocess.run([PODMAN, 'rmi', EXTRA], capture_output=True, check=True, timeout=60)
    try:
        docker_before, podman_before = listing(DOCKER), listing(PODMAN)
        first = host('up', env=env)
        assert f'pulled {EXTRA}' in first and 'started podman API' in first, first
        assert 'nothing changed' in host('up', env=env)
        assert host('status', env=env)
        assert listing(DOCKER) == docker_before
        host('down', '--purge', env=env)
        assert listing(DOCKER) == docker_before
        assert listing(PODMAN) == podman_before
        assert not (tmp_path / 'run' / 'podman.sock').exists()
    finally:
        # The shared host gets its tag back (pulled again by the shared host's own up).
        host('up')
    assert EXTRA in listing(PODMAN).images


def test_a_pod_made_during_a_job_is_neither_reported_nor_removed(subtest_runner, tmp_path: Path) -> None:
    """Someone else makes a pod (and so its infra container) while a podman job runs: the job's garbage
    check neither reports it nor removes it; it is the other user's."""
    pod = f'dockertest_foreign_{secrets.token_hex(4)}'
    pause_before = set(listing(PODMAN).images)
    client = tmp_path / 'podman-beside-a-pod-maker'
    # The first `run` of the job's subtest makes the pod first, outside the job's command layer.
    client.write_text(
        f'#!/bin/sh\nif [ "$1" = run ] && ! {PODMAN} pod exists {pod}; then\n'
        f'  {PODMAN} pod create --name {pod} >/dev/null || exit 99\nfi\nexec {PODMAN} "$@"\n'
    )
    client.chmod(0o755)
    custom = {'engines.ini': f'[engine:podman]\ndocker_path = {client}\n'}
    try:
        run = subtest_runner('engine=podman docker_cli/run_twice', custom=custom, docker_client=PODMAN)
        assert run.result('docker_cli/run_twice')[0] == 'GOOD', run.console[-3000:]
        assert run.garbage() == []
        infra = subprocess.run(
            [PODMAN, 'pod', 'inspect', '--format', '{{.InfraContainerID}}', pod],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()  # fmt: skip
        assert infra and infra in listing(PODMAN).containers, 'the pod or its infra container was removed'
    finally:
        remove_pods([pod], pause_before)


def remove_pods(pods: list[str], images_before: set[str]) -> None:
    """Remove the test's ``pods``, and the pause image podman built for their infra containers when
    it was not there before."""
    # --ignore: one of them may be gone already (the garbage check removed it), and without it podman
    # removes none of them.
    subprocess.run([PODMAN, 'pod', 'rm', '--force', '--ignore', *pods], capture_output=True, check=False, timeout=120)
    made = [name for name in set(listing(PODMAN).images) - images_before if 'podman-pause' in name]
    if made:
        subprocess.run([PODMAN, 'rmi', *made], capture_output=True, check=False, timeout=120)


def test_the_garbage_check_removes_a_pod_its_subtest_made_and_only_that() -> None:
    from dockertest import garbage, ownership

    client = garbage.Client(PODMAN)
    job, subtest = ownership.new_job_id(), 'docker_cli/podmaker'
    mine, theirs = f'dockertest_pod_{secrets.token_hex(4)}', f'dockertest_foreign_{secrets.token_hex(4)}'
    images_before = set(listing(PODMAN).images)
    baseline = client.snapshot(kinds=['container', 'pod'])
    words = ownership.label_words(['pod', 'create', '--name', mine], ownership.Context(job, subtest, '/dev/null'))
    try:
        subprocess.run([PODMAN, *words], capture_output=True, check=True, timeout=120)
        subprocess.run([PODMAN, 'pod', 'create', '--name', theirs], capture_output=True, check=True, timeout=120)
        verdict = garbage.check(subtest, baseline, client, job, ownership.Recorded.of([words]))
        assert list(verdict.left.pods.values()) == [mine] and verdict.left.containers == {}, verdict
        assert verdict.messages()[0] == ('FAIL', f'{subtest} left behind: {verdict.left.describe()}; removed')
        pods = client.snapshot(kinds=['pod']).pods.values()
        assert mine not in pods and theirs in pods
    finally:
        remove_pods([mine, theirs], images_before)


def test_stopping_someone_elses_running_podman_container_is_a_change() -> None:
    """The snapshot gives podman's state word (``running``), so the garbage check sees a stop."""
    from dockertest import garbage, ownership

    name = f'dockertest_foreign_{secrets.token_hex(4)}'
    run = [PODMAN, 'run', '-d', '--name', name, 'localhost:5000/dockertest/busybox:latest', 'sleep', '600']
    cid = subprocess.run(run, capture_output=True, text=True, check=True, timeout=120).stdout.strip()
    try:
        baseline = garbage.Client(PODMAN).snapshot(kinds=['container'])
        assert baseline.states[cid] == 'running'
        subprocess.run([PODMAN, 'stop', '-t', '0', name], capture_output=True, check=True, timeout=120)
        now = garbage.Client(PODMAN).snapshot(kinds=['container'])
        assert now.states[cid] == 'exited'
        stopped = garbage.changes(baseline, now, ownership.Recorded.of([['stop', name]]))
        assert stopped == [f'container {name} ({cid[:12]}) stopped']
    finally:
        subprocess.run([PODMAN, 'rm', '-f', name], capture_output=True, check=False, timeout=120)


# The checks the podman profile's configuration turns on (config_defaults/engines/podman.ini), each
# broken by the fault client in front of podman: (subtest, fault rule, text of the FAIL).
PODMAN_PATHS = [
    # cli_server_section = no: the client's own version is compared with the API's.
    ('docker_cli/version', {'match': ['version', '--format'], 'replace': ['.', '.9']}, 'but the daemon'),
    # pull_prints = id: the pulled image's id must be printed. It removes the shared test image for a moment.
    pytest.param(
        'docker_cli/pull', {'match': ['pull'], 'drop_lines': '^[0-9a-f]{64}$'}, 'good (', marks=pytest.mark.engine_alone
    ),
    # host_pid_options_csv = hpid: the main process must be among the host PIDs.
    ('docker_cli/top', {'match': ['top', 'hpid'], 'drop_lines': '^[0-9]+ *$'}, 'the main process (host PID'),
]


@pytest.mark.parametrize(('name', 'fault', 'text'), PODMAN_PATHS, ids=['version', 'pull', 'top'])
def test_the_podman_profile_checks_catch_their_fault(subtest_runner, name: str, fault: dict, text: str) -> None:
    args = f'engine=podman {name}' if name != 'docker_cli/pull' else f'engine=podman {name}/good'
    run = subtest_runner(args, custom=FAULTY_PODMAN, fault=fault, docker_client=PODMAN)
    status, message = run.result(name)
    assert status == 'FAIL' and text in message, run.console[-3000:]
    assert run.fault_log and all(entry['argv'][0] == fault['match'][0] for entry in run.fault_log)
    assert run.garbage() == []
