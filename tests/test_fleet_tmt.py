"""The tmt plans (docs/fleet.rst): plan smoke on this machine (provision local) and on a guest over ssh
(provision connect to a loopback sshd), each reporting one tmt result per subtest of the selection.

tmt is in the dev dependency group; rsync and openssh-server come with `make host-up`. The runs reuse
this checkout's built interpreter (the plan variable DOCKERTEST_PYTHON), so the guest setup is
``python -m dockertest.host up`` without a second Rust build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from fleet_support import environment_with, loopback_sshd

TMT = Path(sys.executable).parent / 'tmt'
#: The selection of plan smoke (tmt/plans/main.fmf), and the tmt test that reports it.
SMOKE = ('example', 'docker_cli/version', 'docker_cli/info', 'docker_cli/images')
TEST = '/tmt/tests/suite'


def _plan_selection() -> tuple[str, ...]:
    text = (REPO / 'tmt' / 'plans' / 'main.fmf').read_text()
    found = re.search(r'/smoke:.*?DOCKERTEST_ARGS: (\S+)', text, re.DOTALL)
    assert found, 'plan smoke sets no DOCKERTEST_ARGS'
    return tuple(found.group(1).split(','))


def _tmt_run(workdir: Path, provision: list[str], bindir: Path | None = None) -> Path:
    for tool in ('rsync', str(TMT)):
        if not shutil.which(tool):
            pytest.fail(f'{tool} is missing: run `make install` and `make host-up`', pytrace=False)
    cmd = [
        str(TMT),
        '--feeling-safe',
        '--root',
        str(REPO),
        'run',
        '--id',
        str(workdir),
        '--scratch',
        '-e',
        f'DOCKERTEST_PYTHON={sys.executable}',
        '--all',
        'provision',
        *provision,
        'plan',
        '--name',
        'smoke',
    ]
    # ssh run without -F makes ~/.ssh; with the sshd's client wrapper first on PATH, tmt's ssh and rsync
    # use its own config instead.
    env = environment_with(PATH=f'{bindir}{os.pathsep}{os.environ["PATH"]}') if bindir else environment_with()
    if 'DOCKERTEST_STATE_DIR' in env:
        cmd[cmd.index('--all') : cmd.index('--all')] = ['-e', f'DOCKERTEST_STATE_DIR={env["DOCKERTEST_STATE_DIR"]}']
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env, timeout=840, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return workdir / 'tmt' / 'plans' / 'smoke'


def _assert_one_result_per_subtest(plan: Path) -> None:
    from ruamel.yaml import YAML  # tmt's own YAML library

    results = YAML(typ='safe').load((plan / 'execute' / 'results.yaml').read_text())
    names = [r['name'] for r in results]
    assert names == [f'{TEST}/{name}' for name in SMOKE], names
    for result in results:
        assert result['result'] == 'pass', result
        logs = [plan / 'execute' / log for log in result['log']]
        assert logs[0].name.endswith('.DEBUG') and logs[0].stat().st_size > 0, logs
        assert {'summary.txt', 'status.json'} <= {log.name for log in logs[1:]}, logs
        assert all(log.is_file() for log in logs), logs


def test_the_smoke_plan_selection_is_what_this_test_expects() -> None:
    assert _plan_selection() == SMOKE


@pytest.mark.daemon
# Plan smoke runs docker_cli/info and docker_cli/images, which count every object on the engine.
@pytest.mark.engine_alone
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_smoke_plan_on_this_machine(tmp_path: Path) -> None:
    _assert_one_result_per_subtest(_tmt_run(tmp_path / 'run', ['--how', 'local']))


@pytest.mark.daemon
# Plan smoke runs docker_cli/info and docker_cli/images, which count every object on the engine.
@pytest.mark.engine_alone
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_smoke_plan_on_a_guest_over_ssh(tmp_path: Path) -> None:
    user_ssh = Path('~/.ssh').expanduser()
    had_user_ssh = user_ssh.exists()
    with loopback_sshd(tmp_path / 'sshd') as sshd:
        plan = _tmt_run(
            tmp_path / 'run',
            [
                '--how',
                'connect',
                '--guest',
                '127.0.0.1',
                '--port',
                str(sshd.port),
                '--user',
                sshd.user,
                '--key',
                str(sshd.key),
                '--ssh-option',
                f'UserKnownHostsFile={sshd.client_config.parent / "known_hosts"}',
                '--ssh-option',
                'StrictHostKeyChecking=accept-new',
            ],
            bindir=sshd.bindir,
        )
    _assert_one_result_per_subtest(plan)
    log = (tmp_path / 'sshd' / 'sshd.log').read_text()
    assert 'Accepted publickey' in log, log[-2000:]
    assert user_ssh.exists() == had_user_ssh, f'{user_ssh} was made or removed by the run'


def test_a_failed_guest_setup_is_one_error_result_naming_it(tmp_path: Path) -> None:
    env = environment_with(TMT_TREE=str(REPO), TMT_TEST_DATA=str(tmp_path), DOCKERTEST_PYTHON='/bin/false')
    proc = subprocess.run(
        [str(REPO / 'tmt' / 'tests' / 'suite.sh')], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / 'results.json').read_text())
    assert results == [
        {'name': '/', 'result': 'error', 'note': ['host setup failed: /bin/false -m dockertest.host up'], 'log': []}
    ]
    assert not (tmp_path / 'jobs').exists()
