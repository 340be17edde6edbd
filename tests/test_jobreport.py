"""The engine versions a job records in engine.json."""

from __future__ import annotations

import shutil

import pytest

from dockertest.jobreport import engine_versions


def test_a_client_that_cannot_start_is_unknown() -> None:
    assert engine_versions('/nonexistent/docker') == {'client': '?', 'server': '?'}


@pytest.mark.daemon
def test_quoted_global_options_reach_the_client_as_a_shell_would_split_them() -> None:
    docker = shutil.which('docker') or '/usr/bin/docker'
    plain = engine_versions(docker, '-H unix:///var/run/docker.sock')
    assert plain['server'] != '?', plain
    assert engine_versions(docker, '-H "unix:///var/run/docker.sock"') == plain
