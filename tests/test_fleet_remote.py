"""Remote engines from one controller (docs/fleet.rst): the suite against an engine behind ssh://.

The engine is this host's dockerd, reached through a throw-away loopback sshd (fleet_support), so the
job really goes through docker's ssh transport: every docker command of the job runs
``ssh ... docker system dial-stdio`` on the "remote" side. Subtests that need the engine's own host
are TEST_NA with a reason; the Engine API cross-checks are TEST_NA for want of a unix socket.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from fleet_support import environment_with, loopback_sshd

from dockertest import jobresults, remote, xceptions

#: A smoke selection that runs GOOD against a remote engine.
REMOTE_SMOKE = ('example', 'docker_cli/dockerhelp', 'docker_cli/tag', 'docker_cli/diff')
#: Subtests that must say why they cannot run against it, and the words their reasons must hold.
NOT_APPLICABLE = {'docker_cli/version': 'DOCKER_HOST', 'docker_cli/rm': 'engine_shares_host'}
HOST_SUBTESTS = {'engine_host_subtests': 'docker_cli/rm,docker_cli/cp', 'engine_shares_host': False}


@pytest.mark.parametrize(
    ('options', 'env', 'expected'),
    [
        ('', {}, None),
        ('', {'DOCKER_HOST': 'unix:///run/docker.sock'}, None),
        ('', {'DOCKER_HOST': 'ssh://me@web1'}, ('ssh://me@web1', 'DOCKER_HOST')),
        (
            '-H tcp://web1:2376',
            {'DOCKER_HOST': 'unix:///x'},
            ('tcp://web1:2376', "docker_options '-H tcp://web1:2376'"),
        ),
        ('--host=unix:///x', {'DOCKER_HOST': 'ssh://web1'}, None),
        ('--context web1', {}, ('web1', "docker_options '--context web1'")),
        ('', {'DOCKER_CONTEXT': 'default'}, None),
        ('', {'DOCKER_CONTEXT': 'web1'}, ('web1', 'DOCKER_CONTEXT')),
    ],
)
def test_remote_engine_follows_the_clients_precedence(options, env, expected) -> None:
    assert remote.remote_engine({'docker_options': options}, env) == expected


def test_host_subtests_are_test_na_against_a_remote_engine_naming_why() -> None:
    env = {'DOCKER_HOST': 'ssh://me@web1'}
    with pytest.raises(xceptions.DockerTestNAError, match=r"docker_cli/rm needs the engine's own host.*DOCKER_HOST"):
        remote.check_engine_host(HOST_SUBTESTS, 'docker_cli/rm', env)
    with pytest.raises(xceptions.DockerTestNAError, match='docker_cli/cp/sub'):
        remote.check_engine_host(HOST_SUBTESTS, 'docker_cli/cp/sub', env)
    remote.check_engine_host(HOST_SUBTESTS, 'docker_cli/tag', env)
    remote.check_engine_host(HOST_SUBTESTS, 'docker_cli/rm', {})
    remote.check_engine_host({**HOST_SUBTESTS, 'engine_shares_host': True}, 'docker_cli/rm', env)
    with pytest.raises(xceptions.DockerValueError, match=r"engine_shares_host = 'maybe' in \[docker_cli/rm\]"):
        remote.check_engine_host({**HOST_SUBTESTS, 'engine_shares_host': 'maybe'}, 'docker_cli/rm', env)


def _job(tmp_path: Path, env: dict[str, str], selection: tuple[str, ...]) -> dict[str, jobresults.SubtestResult]:
    autotest = Path(sys.executable).parent / 'autotest-local'
    cmd = [str(autotest), 'run', 'docker', '--output_dir', str(tmp_path / 'job'), f'--args={",".join(selection)}']
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    found = jobresults.read_status(tmp_path / 'job' / 'results' / 'default' / 'status.json')
    return {r.name: r for r in found}


def _suite_copy(tmp_path: Path, docker_options: str) -> Path:
    """The suite with ``docker_options`` set in config_custom/defaults.ini (the config route)."""
    suite = tmp_path / 'suite'
    suite.mkdir()
    shutil.copy(REPO / 'control', suite / 'control')
    for name in ('config_defaults', 'subtests'):
        shutil.copytree(REPO / name, suite / name)
    (suite / 'config_custom').mkdir()
    (suite / 'config_custom' / 'defaults.ini').write_text(f'[DEFAULTS]\ndocker_options = {docker_options}\n')
    return suite


@pytest.mark.daemon
@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize('route', ['DOCKER_HOST', 'docker_options'])
def test_a_smoke_selection_runs_good_against_an_ssh_engine(tmp_path: Path, route: str) -> None:
    with loopback_sshd(tmp_path / 'sshd') as sshd:
        env = environment_with(PATH=f'{sshd.bindir}{os.pathsep}{os.environ["PATH"]}', DOCKERTEST_SUITE_DIR=str(REPO))
        if route == 'DOCKER_HOST':
            env['DOCKER_HOST'] = sshd.docker_host
        else:
            env.pop('DOCKER_HOST', None)
            env['DOCKERTEST_SUITE_DIR'] = str(_suite_copy(tmp_path, f'-H {sshd.docker_host}'))
        results = _job(tmp_path, env, REMOTE_SMOKE + tuple(NOT_APPLICABLE))
    for name in REMOTE_SMOKE:
        assert results[name].status == 'GOOD', results[name]
    for name, words in NOT_APPLICABLE.items():
        assert results[name].status == 'TEST_NA', results[name]
        assert (route if words == 'DOCKER_HOST' else words) in results[name].reason, results[name]
    assert sorted(results) == sorted(REMOTE_SMOKE + tuple(NOT_APPLICABLE)), 'a garbage check found leftovers'
    # Every docker command went through the transport: sshd logged the client's logins.
    log = (tmp_path / 'sshd' / 'sshd.log').read_text()
    assert log.count('Accepted publickey') > len(REMOTE_SMOKE), log[-2000:]


@pytest.mark.daemon
@pytest.mark.timeout(300)
def test_an_unreachable_ssh_engine_fails_the_selection(tmp_path: Path) -> None:
    """Negative control: with the transport gone, the job's engine check stops it before any subtest,
    naming the remote address."""
    with loopback_sshd(tmp_path / 'sshd') as sshd:
        bindir, dead = sshd.bindir, sshd.docker_host
    env = environment_with(
        DOCKER_HOST=dead, PATH=f'{bindir}{os.pathsep}{os.environ["PATH"]}', DOCKERTEST_SUITE_DIR=str(REPO)
    )
    autotest = Path(sys.executable).parent / 'autotest-local'
    cmd = [str(autotest), 'run', 'docker', '--output_dir', str(tmp_path / 'job'), '--args=docker_cli/tag']
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode != 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    status = (tmp_path / 'job' / 'results' / 'default' / 'status').read_text()
    assert f'the engine does not answer at {dead}' in status, status
    assert 'docker_cli/tag' not in status, 'no subtest may start against an engine that does not answer'
