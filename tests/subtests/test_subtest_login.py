"""docker_cli/login through the subtest runner: GOOD with each client without touching the user's own
client configuration, and its negative controls."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from dockercli_support import assert_caught, edited_ini, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/login'


def users_own_config(home: Path) -> Path:
    """A ``~/.docker/config.json`` holding valid credentials for the authenticated registry: a client
    that read it would push before login, so the subtest would fail."""
    path = home / '.docker' / 'config.json'
    path.parent.mkdir(parents=True)
    auth = base64.b64encode(b'dockertest:dockertest-password').decode()
    path.write_text(json.dumps({'auths': {'localhost:5001': {'auth': auth}}}))
    return path


def test_good_with_each_client_and_the_users_config_untouched(
    subtest_runner, docker_client, tmp_path, monkeypatch
) -> None:
    home = tmp_path / 'home'
    config = users_own_config(home)
    before = (config.read_bytes(), config.stat().st_mtime_ns)
    monkeypatch.setenv('HOME', str(home))
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'push denied, wrong password refused, login, push, logout and denied again' in run.console
    assert (config.read_bytes(), config.stat().st_mtime_ns) == before
    assert sorted(p.name for p in (home / '.docker').iterdir()) == ['config.json']


def test_a_push_that_passes_without_credentials_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['push'], 'exit_code': 0})
    assert_caught(run, NAME, 'before login passed')


def test_a_wrong_password_that_is_accepted_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini('login', ('wrong_password = not-the-password', 'wrong_password = dockertest-password'))
    run = subtest_runner(NAME, custom=custom)
    assert run.result(NAME)[0] == 'FAIL', run.console[-3000:]
    assert 'with a wrong password passed' in run.result(NAME)[1]
    assert run.garbage() == []


def test_a_missing_registry_is_an_error_naming_the_host_setup(subtest_runner) -> None:
    custom = edited_ini('login', ('auth_registry = localhost:5001', 'auth_registry = localhost:1'))
    run = subtest_runner(NAME, custom=custom)
    status, message = run.result(NAME)
    assert status == 'ERROR' and 'python -m dockertest.host up' in message, run.console[-3000:]
    assert run.garbage() == []
