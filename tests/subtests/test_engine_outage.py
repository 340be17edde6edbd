"""The engine restarted in the middle of a job: the garbage check after the subtest the outage hit waits
(bounded) for the engine to answer again, then removes what the subtest left behind.

This stops the shared dockerd (SIGTERM, then ``host up`` brings it back): run it only while holding
the engine lock. The daemon answers again when the test ends, whatever happened.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockertest.host import Host, Settings, daemon_answers

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
DEFAULT_CLIENT = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
pytestmark = [pytest.mark.daemon, pytest.mark.engine_alone, pytest.mark.timeout(300)]

RESTARTER = """
import os
import signal
import subprocess
import sys
import time

from dockertest import dockercmd, subtest
from dockertest.host import daemon_answers


class restarter(subtest.Subtest):
    def run_once(self):
        super().run_once()
        # Through the command layer, so the container is labelled and recorded as the job's.
        name = os.environ['ROBUST_CONTAINER']
        args = ['--detach', '--stop-timeout=3', '--name', name, '{image}', 'sleep', '300']
        dockercmd.NoFailDockerCmd(self, 'run', args).execute()
        os.kill(int(os.environ['ROBUST_DOCKERD']), signal.SIGTERM)
        with open(os.environ['ROBUST_UP_LOG'], 'w') as log:
            subprocess.Popen([sys.executable, '-m', 'dockertest.host', 'up'], stdout=log, stderr=log,
                             start_new_session=True)
        deadline = time.monotonic() + 30
        while daemon_answers(os.environ['ROBUST_SOCKET'], timeout=1.0) and time.monotonic() < deadline:
            time.sleep(0.1)
"""


def test_the_garbage_check_waits_for_a_restarting_engine_then_cleans_up(tmp_path: Path) -> None:
    settings = Settings.from_env()
    dockerd = Host(settings).previous_daemon()
    if dockerd is None:
        pytest.skip('the daemon was not started by host up, so this test may not stop it')
    suite = tmp_path / 'suite'
    (suite / 'subtests' / 'restarter').mkdir(parents=True)
    (suite / 'config_custom').mkdir()
    for name in ('control', 'config_defaults'):
        (suite / name).symlink_to(REPO / name)
    module = RESTARTER.replace('{image}', settings.image_names[0])
    (suite / 'subtests' / 'restarter' / 'restarter.py').write_text(module)
    (suite / 'config_custom' / 'defaults.ini').write_text(
        f'[DEFAULTS]\nconfig_version = 0.9.0\ndocker_path = {DEFAULT_CLIENT}\n'
    )
    container = f'dockertest_outage_{os.getpid()}'
    env = dict(
        os.environ,
        DOCKERTEST_SUITE_DIR=str(suite),
        ROBUST_CONTAINER=container,
        ROBUST_DOCKERD=str(dockerd),
        ROBUST_SOCKET=settings.socket_path,
        ROBUST_UP_LOG=str(tmp_path / 'up.log'),
    )
    try:
        proc = subprocess.run(
            [str(BIN / 'autotest-local'), 'run', 'docker', '--args=restarter', '--output_dir', str(tmp_path / 'out')],
            env=env, capture_output=True, text=True, timeout=240, check=False,
        )  # fmt: skip
        console = proc.stdout + proc.stderr
        assert proc.returncode == 0, console[-3000:]
        assert 'Garbage check: the engine does not answer, trying again in 3 s' in console
        status = (tmp_path / 'out' / 'results' / 'default' / 'status').read_text()
        assert f'restarter left behind: container {container} (' in status
        assert 'could not remove' not in status and '; removed' in status
        assert daemon_answers(settings.socket_path)
        listed = subprocess.run(
            [DEFAULT_CLIENT, 'ps', '-a', '--filter', f'name=^{container}$', '--format', '{{.Names}}'],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert listed.stdout.strip() == ''
    finally:
        if not daemon_answers(settings.socket_path):
            subprocess.run([sys.executable, '-m', 'dockertest.host', 'up'], capture_output=True, check=False)
        subprocess.run([DEFAULT_CLIENT, 'rm', '--force', container], capture_output=True, check=False)
