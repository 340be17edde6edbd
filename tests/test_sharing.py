"""Sharing the engine: a job touches only what it made, with other users and other jobs at work.

Each test runs the suite's own ``control`` and config over the probe subtests of
``tests/sharing/subtests`` (see ``tests/sharing/probes.py``), against the real daemon.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARING = REPO / 'tests' / 'sharing'
BIN = Path(sys.executable).parent
DOCKER = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
EXTRA = 'localhost:5000/dockertest/busybox:extra'

pytestmark = pytest.mark.daemon


def docker(*args: str, check: bool = True) -> str:
    return subprocess.run([DOCKER, *args], capture_output=True, text=True, check=check).stdout.strip()


def exists(kind: str, name: str) -> bool:
    return subprocess.run([DOCKER, kind, 'inspect', name], capture_output=True, check=False).returncode == 0


class Job:
    """One ``autotest-local run`` of the probe suite in the background."""

    def __init__(self, tmp: Path, name: str, args: str, env: dict[str, str] | None = None) -> None:
        suite = tmp / name / 'suite'
        (suite / 'config_custom').mkdir(parents=True)
        for item in ('control', 'config_defaults'):
            (suite / item).symlink_to(REPO / item)
        (suite / 'subtests').symlink_to(SHARING / 'subtests')
        (suite / 'config_custom' / 'defaults.ini').write_text(f'[DEFAULTS]\ndocker_path = {DOCKER}\n')
        self.probe_dir = tmp / 'probe'
        self.probe_dir.mkdir(exist_ok=True)
        self.out = tmp / name / 'out'
        environ = dict(
            os.environ,
            DOCKERTEST_SUITE_DIR=str(suite),
            PYTHONPATH=str(SHARING),
            PROBE_DIR=str(self.probe_dir),
            **(env or {}),
        )
        self.proc = subprocess.Popen(
            [
                str(BIN / 'autotest-local'),
                'run',
                str(suite / 'control'),
                f'--args={args}',
                '--output_dir',
                str(self.out),
            ],
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    @property
    def resultdir(self) -> Path:
        return self.out / 'results' / 'default'

    def started(self, limit: float = 120.0) -> str:
        """Wait until this job's probe says it started; the job id."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            for marker in self.probe_dir.glob('*.started'):
                job_id = marker.stem
                if (self.resultdir / 'ownership.jsonl').exists() and job_id in self.console_so_far():
                    return job_id
            assert self.proc.poll() is None, self.finish()
            time.sleep(0.1)
        raise AssertionError(f'no probe started within {limit:g} s')

    def console_so_far(self) -> str:
        log = self.resultdir / 'debug' / 'client.INFO'
        return log.read_text() if log.exists() else ''

    def go(self, job_id: str) -> None:
        (self.probe_dir / f'{job_id}.go').write_text('go\n')

    def finish(self) -> str:
        console, _ = self.proc.communicate(timeout=300)
        return console

    def status(self) -> str:
        return (self.resultdir / 'status').read_text()

    def results(self) -> dict[str, str]:
        """Subtest name to the status of its result line."""
        out = {}
        for line in self.status().splitlines():
            parts = line.strip('\t').split('\t')
            if len(parts) > 2 and parts[0] in ('GOOD', 'FAIL', 'ERROR') and '/subtests/' in parts[1]:
                name = parts[1].split('/subtests/', 1)[1].split('.test_', 1)[0]
                if parts[2] != 'garbage_check':
                    out[name] = parts[0]
        return out

    def checks(self) -> list[tuple[str, str]]:
        """(status, message) of each garbage-check record."""
        out = []
        for line in self.status().splitlines():
            parts = line.strip('\t').split('\t')
            if len(parts) > 2 and parts[2] == 'garbage_check':
                out.append((parts[0], parts[-1]))
        return out


@pytest.fixture
def foreign():
    """Objects 'another user' makes with the plain client; removed at the end of the test."""
    made: list[tuple[str, str]] = []

    def make(kind: str, *args: str) -> str:
        """Run ``docker args`` (which makes one ``kind``); its output (an id or a name)."""
        output = docker(*args)
        made.append((kind, args[-1] if kind == 'image' else output))
        return output

    yield make
    for kind, name in reversed(made):
        rm = {'container': ['rm', '-f'], 'image': ['rmi'], 'volume': ['volume', 'rm'], 'network': ['network', 'rm']}[
            kind
        ]
        subprocess.run([DOCKER, *rm, name], capture_output=True, check=False)


def test_another_users_objects_survive_and_leaks_are_removed(tmp_path: Path, foreign) -> None:
    word = uuid.uuid4().hex[:8]
    # Two at a time: the leaker's check runs while the holder (same job) holds its objects.
    job = Job(tmp_path, 'job', 'j=2 probe_holder,probe_leaker')
    job_id = job.started()
    # Another user, while the job runs: a container, a tag, a volume and a network of their own.
    cid = foreign('container', 'create', '--name', f'other_{word}', EXTRA, 'true')
    tag = f'localhost:5000/other/{word}:mine'
    foreign('image', 'tag', EXTRA, tag)
    foreign('volume', 'volume', 'create', f'other_{word}')
    foreign('network', 'network', 'create', f'other_{word}')
    job.go(job_id)
    console = job.finish()
    assert job.proc.returncode == 0, console
    assert exists('container', cid) and exists('image', tag)
    assert exists('volume', f'other_{word}') and exists('network', f'other_{word}')
    assert job.results() == {'probe_holder': 'GOOD', 'probe_leaker': 'GOOD'}, job.status()
    [(status, message)] = job.checks()
    assert status == 'FAIL'
    assert message.startswith('probe_leaker left behind: container probe_probe_leaker_j')
    for kind in ('container', 'image', 'volume', 'network'):
        assert f'{kind} ' in message
    assert message.endswith('; removed')
    assert f'other_{word}' not in message
    assert not docker('ps', '-a', '--filter', f'label=dockertest.job={job_id}', '-q')
    assert not docker('volume', 'ls', '-q', '--filter', f'label=dockertest.job={job_id}')
    assert not docker('network', 'ls', '-q', '--filter', f'label=dockertest.job={job_id}')
    log = (job.resultdir / 'debug' / 'client.INFO').read_text()
    assert f'other_{word}' in log and 'left alone' in log


PODMAN = '/usr/bin/podman'


@pytest.mark.parametrize(
    'engine',
    [
        'docker',
        # The same jobs on the podman CLI profile (under the podman lock when run by hand).
        pytest.param('podman', marks=pytest.mark.skipif(not Path(PODMAN).exists(), reason=f'no {PODMAN}')),
    ],
)
@pytest.mark.timeout(120)
def test_two_jobs_at_once_leave_each_other_alone(tmp_path: Path, engine: str) -> None:
    # The first job runs its two subtests at once; the second, serial, starts while the first holds.
    first = Job(tmp_path, 'first', f'engine={engine} j=2 probe_holder,probe_quick')
    first_id = first.started()
    second = Job(tmp_path, 'second', f'engine={engine} probe_quick,probe_holder')
    end = time.monotonic() + 120
    while len(list((tmp_path / 'probe').glob('*.started'))) < 2:
        assert time.monotonic() < end and second.proc.poll() is None, second.finish()
        time.sleep(0.1)
    [second_id] = [m.stem for m in (tmp_path / 'probe').glob('*.started') if m.stem != first_id]
    client = PODMAN if engine == 'podman' else DOCKER
    # Both holders hold a container, a volume and a network, each carrying its own job's label.
    for job_id in (first_id, second_id):
        assert [len(labelled(client, kind, job_id)) for kind in ('container', 'volume', 'network')] == [1, 1, 1]
    first.go(first_id)  # the first job ends (garbage checks included) while the second holds its objects
    assert first.finish() and first.proc.returncode == 0
    second.go(second_id)
    assert second.finish() and second.proc.returncode == 0
    for job, job_id in ((first, first_id), (second, second_id)):
        assert job.results() == {'probe_holder': 'GOOD', 'probe_quick': 'GOOD'}, job.status()
        assert job.checks() == [], job.status()
        assert not any(labelled(client, kind, job_id) for kind in ('container', 'volume', 'network'))


def labelled(client: str, kind: str, job_id: str) -> list[str]:
    """The ids or names of the objects of ``kind`` carrying the label of job ``job_id``."""
    argv = {'container': ['ps', '-a', '-q'], 'volume': ['volume', 'ls', '-q'], 'network': ['network', 'ls', '-q']}
    listed = subprocess.run(
        [client, *argv[kind], '--filter', f'label=dockertest.job={job_id}'], capture_output=True, text=True, check=True
    )
    return listed.stdout.split()


@pytest.mark.engine_alone  # removes the shared test image EXTRA until the garbage check restores it
def test_removing_what_existed_fails_the_subtest_and_the_test_image_comes_back(tmp_path: Path, foreign) -> None:
    word = uuid.uuid4().hex[:8]
    before = docker('image', 'inspect', '--format', '{{.Id}}', EXTRA)
    victims = [
        foreign('container', 'run', '-d', '--name', f'victim_{word}', EXTRA, 'sleep', '300'),
        foreign('volume', 'volume', 'create', f'victim_{word}'),
        foreign('network', 'network', 'create', f'victim_{word}'),
    ]
    env = {'PROBE_VICTIMS': f'victim_{word},victim_{word},victim_{word},{EXTRA}'}
    job = Job(tmp_path, 'job', 'probe_breaker', env)
    console = job.finish()
    assert job.proc.returncode == 0, console
    assert docker('image', 'inspect', '--format', '{{.Id}}', EXTRA) == before
    assert job.results() == {'probe_breaker': 'GOOD'}
    checks = job.checks()
    assert checks[0][0] == 'FAIL'
    assert checks[0][1].startswith('probe_breaker removed or changed what existed before the job: ')
    for text in (
        f'container victim_{word} ({victims[0][:12]}) removed',
        f'image {EXTRA} untagged or removed',
        f'volume victim_{word} removed',
        f'network victim_{word} ({victims[2][:12]}) removed',
    ):
        assert text in checks[0][1]
    assert checks[1] == ('INFO', f'restored from the loopback registry: {EXTRA}')
    summary = (job.resultdir / 'summary.txt').read_text()
    assert 'probe_breaker (garbage check)' in summary
