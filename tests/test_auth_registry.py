"""The authenticated loopback registry of the test host (dockertest.auth_registry) and the registry
HTTP helpers (dockertest.registry): no docker daemon needed."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from dockertest import registry, xceptions
from dockertest.auth_registry import AuthRegistry
from dockertest.host import Host, HostError, Settings

# host.spawn leaves the registry running on purpose; its Popen object going away is no leak.
SPAWNS = pytest.mark.filterwarnings('ignore::ResourceWarning', 'ignore::pytest.PytestUnraisableExceptionWarning')
NEEDS_TOOLS = pytest.mark.skipif(
    not (shutil.which('docker-registry') and shutil.which('htpasswd')),
    reason='docker-registry and htpasswd (apache2-utils) are installed by python -m dockertest.host up',
)


def private(tmp_path: Path, **env: str) -> tuple[Host, AuthRegistry, io.StringIO]:
    out = io.StringIO()
    host = Host(Settings.from_env({'DOCKERTEST_STATE_DIR': str(tmp_path / 'state')}), out=out)
    port = str(registry.free_port())
    auth = AuthRegistry(host, {'DOCKERTEST_AUTH_REGISTRY_PORT': port, **env}, registries_dir=tmp_path / 'conf.d')
    return host, auth, out


@pytest.mark.parametrize('registry_name', ['docker.io', 'example.com:5000', 'localhost', '10.0.0.1:5000'])
def test_only_loopback_registries_are_used(registry_name: str) -> None:
    with pytest.raises(xceptions.DockerValueError, match='only loopback registries'):
        registry.loopback_address(registry_name)


def test_loopback_names_map_to_127_0_0_1() -> None:
    assert registry.loopback_address('localhost:5001') == '127.0.0.1:5001'
    assert registry.loopback_address('127.0.0.1:5000') == '127.0.0.1:5000'


def test_a_free_port_answers_nothing() -> None:
    port = registry.free_port()
    assert registry.api_status(f'127.0.0.1:{port}', timeout=1.0) == 0
    assert registry.manifest_digest(f'127.0.0.1:{port}', 'x', 'latest', timeout=1.0) is None


@pytest.mark.parametrize(
    ('env', 'message'),
    [
        ({'DOCKERTEST_AUTH_REGISTRY_PORT': 'abc'}, 'DOCKERTEST_AUTH_REGISTRY_PORT'),
        ({'DOCKERTEST_AUTH_USER': 'a:b'}, 'DOCKERTEST_AUTH_USER'),
        ({'DOCKERTEST_AUTH_PASSWORD': ''}, 'DOCKERTEST_AUTH_PASSWORD'),
    ],
)
def test_bad_settings_are_one_clear_error(tmp_path: Path, env: dict[str, str], message: str) -> None:
    host = Host(Settings.from_env({'DOCKERTEST_STATE_DIR': str(tmp_path)}), out=io.StringIO())
    with pytest.raises(HostError, match=message):
        AuthRegistry(host, env)


@NEEDS_TOOLS
@SPAWNS
@pytest.mark.timeout(120)
def test_up_twice_wants_and_accepts_the_user_then_purge_removes_it(tmp_path: Path) -> None:
    host, auth, out = private(tmp_path, DOCKERTEST_AUTH_USER='tester', DOCKERTEST_AUTH_PASSWORD='s3cret')
    try:
        auth.up()
        assert registry.api_status(auth.address) == 401
        assert registry.api_status(auth.address, ('tester', 's3cret')) == 200
        assert registry.api_status(auth.address, ('tester', 'wrong')) == 401
        assert auth.htpasswd.read_text().startswith('tester:$2')  # bcrypt
        assert f'location = "localhost:{auth.port}"' in auth.dropin.read_text()
        assert host.tracked_pid('auth-registry', 'docker-registry')
        out.truncate(0)
        auth.up()
        assert f'ok: answers on {auth.address}' in out.getvalue()
        assert auth.status()
    finally:
        auth.down(purge=True)
    assert registry.api_status(auth.address, timeout=1.0) == 0
    assert not auth.data.exists() and not auth.htpasswd.exists() and not auth.dropin.exists()


@NEEDS_TOOLS
@SPAWNS
@pytest.mark.timeout(120)
def test_a_changed_password_restarts_the_registry_it_started(tmp_path: Path) -> None:
    host, auth, _ = private(tmp_path, DOCKERTEST_AUTH_PASSWORD='first')
    try:
        auth.up()
        again = AuthRegistry(
            host, {'DOCKERTEST_AUTH_REGISTRY_PORT': str(auth.port), 'DOCKERTEST_AUTH_PASSWORD': 'second'}
        )
        again.up()
        assert registry.api_status(auth.address, ('dockertest', 'second')) == 200
        assert registry.api_status(auth.address, ('dockertest', 'first')) == 401
    finally:
        auth.down(purge=True)


@NEEDS_TOOLS
def test_purge_of_another_state_leaves_the_drop_in_it_did_not_write(tmp_path: Path) -> None:
    _, auth, _ = private(tmp_path / 'first')
    auth.dropin.parent.mkdir(parents=True)
    auth.dropin.write_text(auth.dropin_text())  # as the shared host's up wrote it
    other = Host(Settings.from_env({'DOCKERTEST_STATE_DIR': str(tmp_path / 'other')}), out=io.StringIO())
    env = {'DOCKERTEST_AUTH_REGISTRY_PORT': str(auth.port)}
    AuthRegistry(other, env, registries_dir=auth.registries_dir).down(purge=True)
    assert auth.dropin.read_text() == auth.dropin_text()
