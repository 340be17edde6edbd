"""A job interrupted in the middle of a subtest, by Ctrl-C or by SIGKILL of its process group, then
continued with ``-c``: the subtest is recorded once, with what happened; its test process does not
outlive the job; what it made is cleaned up; every result file agrees; the summary has every subtest.

The suite holds ``sleeper`` (starts a container, then sleeps; its ``cleanup`` removes the container)
and ``docker_cli/version``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dockertest.summary import status_records

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
DEFAULT_CLIENT = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
pytestmark = [pytest.mark.daemon, pytest.mark.timeout(180)]
IMAGE = 'localhost:5000/dockertest/busybox:latest'

SLEEPER = """
import os
import subprocess
import time

from dockertest import dockercmd, subtest


class sleeper(subtest.Subtest):
    def initialize(self):
        super().initialize()
        # Through the command layer, so the container is labelled and recorded as the job's.
        name = os.environ['ROBUST_CONTAINER']
        dockercmd.NoFailDockerCmd(self, 'run', ['--detach', '--name', name, '{image}', 'sleep', '300']).execute()
        with open(os.environ['ROBUST_MARKER'], 'w') as marker:
            marker.write(str(os.getpid()))

    def run_once(self):
        super().run_once()
        time.sleep(120)

    def cleanup(self):
        super().cleanup()
        argv = [self.config['docker_path'], 'rm', '--force', os.environ['ROBUST_CONTAINER']]
        subprocess.run(argv, check=False, capture_output=True)
"""


class Job:
    """The suite, and ``autotest-local run docker`` on it."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        suite = tmp_path / 'suite'
        (suite / 'subtests' / 'docker_cli').mkdir(parents=True)
        (suite / 'config_custom').mkdir()
        for name in ('control', 'config_defaults'):
            (suite / name).symlink_to(REPO / name)
        (suite / 'subtests' / 'docker_cli' / 'version').symlink_to(REPO / 'subtests' / 'docker_cli' / 'version')
        (suite / 'subtests' / 'sleeper').mkdir()
        (suite / 'subtests' / 'sleeper' / 'sleeper.py').write_text(SLEEPER.replace('{image}', IMAGE))
        (suite / 'config_custom' / 'defaults.ini').write_text(
            f'[DEFAULTS]\nconfig_version = 0.9.0\ndocker_path = {DEFAULT_CLIENT}\n'
        )
        self.container = f'dockertest_robust_{os.getpid()}_{tmp_path.name}'.lower()
        self.marker = tmp_path / 'marker'
        self.env = dict(
            os.environ, DOCKERTEST_SUITE_DIR=str(suite), ROBUST_CONTAINER=self.container, ROBUST_MARKER=str(self.marker)
        )
        self.resultdir = tmp_path / 'out' / 'results' / 'default'

    def argv(self, *args: str) -> list[str]:
        return [str(BIN / 'autotest-local'), *args, 'run', 'docker', '--output_dir', str(self.tmp / 'out')]

    def start(self) -> subprocess.Popen:
        """Start the job in its own process group; return once sleeper's container runs."""
        proc = subprocess.Popen(
            self.argv('--args=sleeper,docker_cli/version'),
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not self.marker.exists() or not self.marker.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[0]
            time.sleep(0.1)
        return proc

    def resume(self) -> subprocess.CompletedProcess:
        return subprocess.run(self.argv('-c'), env=self.env, capture_output=True, text=True, timeout=120, check=False)

    def container_exists(self) -> bool:
        out = subprocess.run(
            [DEFAULT_CLIENT, 'ps', '-a', '--filter', f'name=^{self.container}$', '--format', '{{.Names}}'],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return bool(out.stdout.strip())

    def sleeper_results(self) -> list[tuple[int, str, str]]:
        """(indent, code, message) of every record about sleeper that is not START."""
        text = (self.resultdir / 'status').read_text()
        return [(i, c, m) for i, c, t, m in status_records(text) if '/sleeper.' in t and c != 'START']

    def remove_container(self) -> None:
        subprocess.run([DEFAULT_CLIENT, 'rm', '--force', self.container], capture_output=True, check=False)


def alive(pid: int) -> bool:
    try:
        with open(f'/proc/{pid}/stat') as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


def assert_consistent(job: Job, sleeper_status: str) -> None:
    """status.json, junit.xml and the summary agree with the status file, and every subtest is in them."""
    report = json.loads((job.resultdir / 'status.json').read_text())
    tests = {t['name'].split('/subtests/')[-1].split('.test_')[0]: t['status'] for t in report['tests']
             if not t['name'].endswith('.garbage_check')}  # fmt: skip
    assert tests['sleeper'] == sleeper_status
    assert tests['docker_cli/version'] == 'GOOD'
    assert report['status'] == 'GOOD'
    junit = ET.parse(job.resultdir / 'junit.xml').getroot()
    cases = {case.get('name').split('/subtests/')[-1]: case for case in junit.iter('testcase')}
    sleeper_case = cases['sleeper.test_1-of-2']
    assert [child.get('type') for child in sleeper_case if child.tag != 'system-out'] == [sleeper_status]
    rows = {row['name']: row['status'] for row in json.loads((job.resultdir / 'summary.json').read_text())}
    assert rows['sleeper'] == sleeper_status
    assert rows['docker_cli/version'] == 'GOOD'
    # No START left open: every record after sleeper's is at its proper depth.
    records = status_records((job.resultdir / 'status').read_text())
    version_start = [r for r in records if r[1] == 'START' and 'docker_cli/version' in r[2]]
    assert [r[0] for r in version_start] == [1]
    assert records[-1][:2] == (0, 'END GOOD')


def test_ctrl_c_cleans_up_the_running_subtest_and_continues_consistently(tmp_path: Path) -> None:
    job = Job(tmp_path)
    try:
        proc = job.start()
        child = int(job.marker.read_text())
        proc.send_signal(signal.SIGINT)
        console = proc.communicate(timeout=60)[0]
        assert proc.returncode == 1, console
        assert 'interrupted; continue with: autotest-local -c' in console
        assert not alive(child)
        assert not job.container_exists(), 'the interrupted subtest did not clean up'
        results = job.sleeper_results()
        assert [c for _, c, _ in results] == ['ABORT', 'END ABORT'], results
        assert results[0][2] == 'interrupted (Ctrl-C) while the test ran; the test ended and its cleanup ran'
        report = json.loads((job.resultdir / 'status.json').read_text())
        assert [t['status'] for t in report['tests']] == ['ABORT']
        resumed = job.resume()
        assert resumed.returncode == 0, resumed.stdout + resumed.stderr
        assert [c for _, c, _ in job.sleeper_results()] == ['ABORT', 'END ABORT']
        assert_consistent(job, 'ABORT')
    finally:
        job.remove_container()


def test_sigkill_of_the_job_takes_the_test_with_it_and_continue_cleans_up(tmp_path: Path) -> None:
    job = Job(tmp_path)
    try:
        proc = job.start()
        child = int(job.marker.read_text())
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        deadline = time.monotonic() + 10
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(child), 'the test process outlived the killed job'
        assert job.container_exists()  # nobody cleaned up yet: -c does
        resumed = job.resume()
        assert resumed.returncode == 0, resumed.stdout + resumed.stderr
        results = job.sleeper_results()
        codes = [c for _, c, _ in results]
        assert codes[:2] == ['ABORT', 'END ABORT'], results
        assert results[0][2] == 'interrupted: the job was killed while this test ran'
        assert 'GOOD' not in codes
        garbage = [m for _, c, m in results if c == 'FAIL']
        assert len(garbage) == 1 and f'container {job.container}' in garbage[0] and garbage[0].endswith('; removed')
        assert not job.container_exists()
        assert_consistent(job, 'ABORT')
        junit = ET.parse(job.resultdir / 'junit.xml').getroot()
        names = [case.get('name') for case in junit.iter('testcase')]
        assert 'docker/subtests/sleeper.test_1-of-2.garbage_check' in names, names
        rows = [row['name'] for row in json.loads((job.resultdir / 'summary.json').read_text())]
        assert rows == ['sleeper', 'sleeper (garbage check)', 'docker_cli/version']
    finally:
        job.remove_container()
