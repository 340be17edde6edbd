"""The host-setup entry point, ``python -m dockertest.host``.

The daemon tests run a second, private test host (its own state directory and loopback ports) beside
the one ``make check`` set up, against the same daemon, so that they can take it down again.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dockertest.host import BUSYBOX, IMAGE_TAGS, STOP_WAIT_SECONDS, Host, HostError, Settings, daemon_answers

DOCKER = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
EMPTY_TAR = bytes(10240)  # an empty tar archive: two zero blocks, padded to one record


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def host_cmd(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, '-m', 'dockertest.host', *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f'host {" ".join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}')
    return proc


def docker(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run the docker client with text output captured; with ``check``, a failure shows its stderr."""
    proc = subprocess.run([DOCKER, *args], capture_output=True, text=True, check=False, **kwargs)
    if check and proc.returncode != 0:
        raise AssertionError(f'docker {" ".join(args)} exited {proc.returncode}: {proc.stderr}')
    return proc


def engine_listing() -> tuple[str, str]:
    """Every container and every image, with ids and names, as the daemon lists them."""
    ps = docker('ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.Image}}').stdout
    images = docker('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}').stdout
    return ''.join(sorted(ps.splitlines(True))), ''.join(sorted(images.splitlines(True)))


@pytest.fixture
def private_host(tmp_path: Path):
    """Environment for a private test host; whatever it leaves running is taken down afterwards."""
    env = dict(
        os.environ,
        DOCKERTEST_STATE_DIR=str(tmp_path / 'state'),
        DOCKERTEST_REGISTRY_PORT=str(free_port()),
        DOCKERTEST_HTTP_PORT=str(free_port()),
        DOCKERTEST_AUTH_REGISTRY_PORT=str(free_port()),
    )
    yield env
    host_cmd(env, 'down', '--purge', check=False)
    # The private registry port is random, so any image still named for it was made by the test.
    if daemon_answers(Settings.from_env(env).socket_path):
        for name in Settings.from_env(env).image_names:
            docker('rmi', name, check=False)


# -- no daemon needed ---------------------------------------------------------------------------------


def test_settings_defaults_are_loopback() -> None:
    s = Settings.from_env({'DOCKERTEST_STATE_DIR': '/x'})
    assert s.image_names == ['localhost:5000/dockertest/busybox:latest', 'localhost:5000/dockertest/busybox:extra']
    assert s.busybox_url == 'http://127.0.0.1:5080/busybox'
    assert s.storage_driver == 'vfs'
    assert s.state_dir == Path('/x')


def test_default_state_dir_is_in_the_checkout_or_var_lib() -> None:
    import dockertest.host

    package = Path(dockertest.host.__file__).resolve().parent
    installed = 'site-packages' in package.parts
    expected = Path('/var/lib/dockertest') if installed else package.parents[1] / '.state' / 'host'
    assert Settings.from_env({}).state_dir == expected


@pytest.mark.parametrize('value', ['abc', '0', '70000', '-1', ''])
def test_bad_port_is_one_clear_error(value: str) -> None:
    with pytest.raises(HostError, match=rf"DOCKERTEST_REGISTRY_PORT='{value}' is not a TCP port number"):
        Settings.from_env({'DOCKERTEST_REGISTRY_PORT': value})


def test_bad_port_on_the_command_line_is_one_line_not_a_traceback() -> None:
    proc = host_cmd(dict(os.environ, DOCKERTEST_HTTP_PORT='http'), 'status', check=False)
    assert proc.returncode == 1
    assert proc.stderr == "dockertest-host: DOCKERTEST_HTTP_PORT='http' is not a TCP port number (1-65535)\n"


@pytest.mark.parametrize('module', ['dockertest.host', 'dockertest.tools.host'])
def test_an_error_of_a_step_module_is_one_line_under_either_name(module: str, tmp_path: Path) -> None:
    # down in an empty state directory reaches the auth registry step, whose setting is refused.
    env = dict(os.environ, DOCKERTEST_STATE_DIR=str(tmp_path), DOCKERTEST_AUTH_REGISTRY_PORT='x')
    proc = subprocess.run(
        [sys.executable, '-m', module, 'down'], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert (proc.returncode, proc.stdout) == (1, '')
    assert proc.stderr == "dockertest-host: DOCKERTEST_AUTH_REGISTRY_PORT='x' is not a TCP port number (1-65535)\n"


def test_the_original_names_are_the_tools() -> None:
    from dockertest import auth_registry, faultdocker, host, matrix, podman_host
    from dockertest.tools import faultdocker as fault_tool
    from dockertest.tools import matrix as matrix_tool
    from dockertest.tools.host import auth_registry as auth_step
    from dockertest.tools.host import errors, settings
    from dockertest.tools.host import host as host_step
    from dockertest.tools.host import podman as podman_step

    assert (host.Host, host.HostError, host.Settings) == (host_step.Host, errors.HostError, settings.Settings)
    for old, new in (
        (auth_registry, auth_step),
        (podman_host, podman_step),
        (faultdocker, fault_tool),
        (matrix, matrix_tool),
    ):
        assert old.__all__ == new.__all__
        assert [getattr(old, name) for name in new.__all__] == [getattr(new, name) for name in new.__all__]


def test_unknown_command_is_rejected() -> None:
    proc = host_cmd(dict(os.environ), 'upp', check=False)
    assert proc.returncode == 2
    assert "invalid choice: 'upp'" in proc.stderr


@pytest.mark.skipif(not BUSYBOX.exists(), reason='busybox-static is not installed')
def test_rootfs_has_busybox_applets_and_bash(tmp_path: Path) -> None:
    from dockertest.host import Host

    host = Host(Settings.from_env({'DOCKERTEST_STATE_DIR': str(tmp_path / 's')}))
    root = tmp_path / 'root'
    host.build_rootfs(root)
    for applet in (
        'sh',
        'true',
        'false',
        'date',
        'sleep',
        'cat',
        'echo',
        'ls',
        'ps',
        'kill',
        'id',
        'env',
        'hostname',
        'mkdir',
        'tar',
        'wget',
    ):
        path = next(p for p in (root / 'bin' / applet, root / 'usr/bin' / applet) if p.is_symlink())
        assert path.resolve() == (root / 'bin/busybox').resolve(), applet
    assert (root / 'bin/bash').stat().st_size > 100_000
    assert 'root:x:0:0' in (root / 'etc/passwd').read_text()


def test_status_reports_a_missing_daemon(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        DOCKERTEST_SOCKET=str(tmp_path / 'no.sock'),
        DOCKERTEST_STATE_DIR=str(tmp_path / 's'),
        DOCKERTEST_REGISTRY_PORT=str(free_port()),
        DOCKERTEST_HTTP_PORT=str(free_port()),
    )
    proc = host_cmd(env, 'status', check=False)
    assert proc.returncode == 1
    assert f'dockerd    DOWN on {tmp_path / "no.sock"}' in proc.stdout
    assert 'registry   DOWN on 127.0.0.1:' in proc.stdout
    # dockerd's images are not missing: they cannot be listed while the daemon is down.
    assert not [line for line in proc.stdout.splitlines() if line.startswith('image') and 'MISSING' in line]
    assert proc.stdout.count('(dockerd is down, so its images cannot be listed)') == len(IMAGE_TAGS)


def test_purge_without_a_daemon_says_why(tmp_path: Path) -> None:
    state = tmp_path / 's'
    state.mkdir()
    (state / 'made.json').write_text(json.dumps({'images': {'localhost:5999/dockertest/busybox:latest': 'sha256:1'}}))
    env = dict(os.environ, DOCKERTEST_SOCKET=str(tmp_path / 'no.sock'), DOCKERTEST_STATE_DIR=str(state))
    proc = host_cmd(env, 'down', '--purge', check=False)
    assert proc.returncode == 1
    assert 'purge: no daemon answers' in proc.stderr
    assert 'Traceback' not in proc.stderr


# -- against the real daemon ------------------------------------------------------------------------------


@pytest.mark.daemon
@pytest.mark.engine_alone  # compares every container and image before and after
@pytest.mark.timeout(300)
def test_up_twice_then_purge_leaves_the_engine_as_it_was(private_host: dict[str, str]) -> None:
    before = engine_listing()
    settings = Settings.from_env(private_host)

    first = host_cmd(private_host, 'up')
    assert 'changed: image, registry, push, http, auth-registry, authconf, podconf, podimage' in first.stdout
    second = host_cmd(private_host, 'up')
    assert 'up         nothing changed' in second.stdout, second.stdout
    assert host_cmd(private_host, 'status').returncode == 0
    # Its daemons run in the state directory, so what they write to their working directory (conmon's
    # 'oom' file, say) stays out of the caller's.
    for pidfile in ('registry.pid', 'http.pid', 'auth-registry.pid'):
        pid = (settings.state_dir / pidfile).read_text().strip()
        assert os.readlink(f'/proc/{pid}/cwd') == str(settings.state_dir), pidfile

    # The registry holds both tags, and the file server hands out the static busybox.
    url = f'http://127.0.0.1:{settings.registry_port}/v2/dockertest/busybox/tags/list'
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert sorted(json.load(resp)['tags']) == sorted(IMAGE_TAGS)
    with urllib.request.urlopen(settings.busybox_url, timeout=5) as resp:
        assert resp.read() == BUSYBOX.read_bytes()

    # The image runs busybox applets and static bash, with no network.
    script = 'echo "bash $BASH_VERSINFO"; id -u; which sh wget'
    out = docker('run', '--rm', '--network=none', settings.image_names[0], '/bin/bash', '-c', script).stdout
    assert out.splitlines() == ['bash 5', '0', '/bin/sh', '/usr/bin/wget']

    host_cmd(private_host, 'down', '--purge')
    assert engine_listing() == before
    assert host_cmd(private_host, 'status', check=False).returncode == 1
    assert not (settings.state_dir / 'registry').exists()


@pytest.mark.daemon
@pytest.mark.timeout(300)
def test_purge_removes_only_what_up_made(private_host: dict[str, str]) -> None:
    settings = Settings.from_env(private_host)
    latest, extra = settings.image_names
    # A name that already exists before `up` is not up's to remove.
    subprocess.run([DOCKER, 'import', '-', extra], input=EMPTY_TAR, capture_output=True, check=True)
    try:
        host_cmd(private_host, 'up')
        made = json.loads((settings.state_dir / 'made.json').read_text())['images']
        assert list(made) == [latest]
        down = host_cmd(private_host, 'down', '--purge')
        assert f'removed {latest}' in down.stdout
        listing = docker('image', 'inspect', extra, check=False)
        assert listing.returncode == 0, 'down --purge removed an image name that up did not make'
    finally:
        docker('rmi', extra, check=False)


@pytest.mark.daemon
@pytest.mark.timeout(300)
def test_purge_leaves_a_name_that_was_moved_to_another_image(private_host: dict[str, str]) -> None:
    settings = Settings.from_env(private_host)
    latest, extra = settings.image_names
    host_cmd(private_host, 'up')
    # Somebody else re-points `extra` at another image: it is no longer up's.
    docker('import', '-', extra, input=EMPTY_TAR.decode())
    try:
        down = host_cmd(private_host, 'down', '--purge')
        assert f'left {extra}: it no longer names the image up made' in down.stdout
        assert docker('image', 'inspect', extra, check=False).returncode == 0
        assert docker('image', 'inspect', latest, check=False).returncode != 0
    finally:
        docker('rmi', extra, check=False)


@pytest.mark.daemon
def test_version_through_each_client(docker_client: str) -> None:
    proc = host_cmd(dict(os.environ, DOCKERTEST_DOCKER=docker_client), 'version')
    assert 'Server:' in proc.stdout
    assert 'Engine:' in proc.stdout or 'Server version' in proc.stdout


@pytest.mark.daemon
def test_main_test_image_is_set_up() -> None:
    """`make check` ran `up` with the default settings before the tests."""
    proc = host_cmd(dict(os.environ), 'status', check=False)
    assert proc.returncode == 0, proc.stdout


@pytest.mark.daemon
@pytest.mark.engine_alone  # stops the shared dockerd
@pytest.mark.timeout(300)
def test_up_right_after_dockerd_got_sigterm_waits_for_it_to_stop() -> None:
    # Stops the shared daemon: run it only while holding the engine lock (it is back when the test ends).
    env = dict(os.environ)
    settings = Settings.from_env(env)
    pid = Host(settings).previous_daemon()
    if pid is None:
        pytest.skip('the daemon was not started by host up, so this test may not stop it')
    name = f'dockertest_slow_stop_{os.getpid()}'
    # sleep as PID 1 ignores SIGTERM, so the stopping daemon waits out the container's stop timeout.
    docker('run', '--detach', '--stop-timeout=5', '--name', name, settings.image_names[0], 'sleep', '300')
    try:
        os.kill(pid, signal.SIGTERM)
        proc = host_cmd(env, 'up', check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f'waiting up to {STOP_WAIT_SECONDS} s for the previous dockerd (pid {pid})' in proc.stdout
        assert 'started dockerd' in proc.stdout
        assert daemon_answers(settings.socket_path)
    finally:
        if not daemon_answers(settings.socket_path):
            host_cmd(env, 'up', check=False)
        docker('rm', '--force', name, check=False)
