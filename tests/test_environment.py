"""Snapshots of the engine: every container, image, volume and network, or those with a label."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from dockertest.environment import EngineError, Snapshot, take_snapshot

DOCKER = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
EMPTY_TAR = bytes(10240)


def test_a_snapshot_travels_through_the_job_state() -> None:
    snap = Snapshot({'c': 'n'}, {'x:1': 'i'}, ['u'], {'c': 'running'}, ['v'], {'n1': 'net'})
    assert Snapshot.from_state(snap.to_state()) == snap
    old = {'containers': {'c': 'n'}, 'images': {}, 'unnamed': []}
    assert Snapshot.from_state(old) == Snapshot({'c': 'n'})
    assert snap.describe() == 'container n (c), image x:1 (i), unnamed image u, volume v, network net (n1)'


def test_a_missing_client_is_named() -> None:
    with pytest.raises(EngineError, match="docker_path '/nonexistent/docker' cannot be run: "):
        take_snapshot('/nonexistent/docker')


def test_a_failing_client_is_named(tmp_path: Path) -> None:
    fake = tmp_path / 'docker'
    fake.write_text('#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n')
    fake.chmod(0o755)
    with pytest.raises(EngineError, match=r'docker ps -a .* failed \(exit 1\): Cannot connect to the Docker daemon'):
        take_snapshot(str(fake))


@pytest.mark.daemon
def test_a_snapshot_lists_every_kind_and_filters_by_label() -> None:
    word = uuid.uuid4().hex[:10]
    label = f'dockertest.probe={word}'
    image = f'localhost:5000/dockertest-garbage/{word}:snap'
    made = []
    try:
        subprocess.run(
            [DOCKER, 'import', '--change', f'LABEL {label}', '-', image],
            input=EMPTY_TAR,
            capture_output=True,
            check=True,
        )
        made.append(['rmi', image])
        cid = subprocess.run(
            [DOCKER, 'create', '--label', label, '--name', f'snap_{word}', image, '/bin/true'],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        made.insert(0, ['rm', '-f', cid])
        subprocess.run([DOCKER, 'volume', 'create', '--label', label, f'snap_{word}'], capture_output=True, check=True)
        made.append(['volume', 'rm', f'snap_{word}'])
        nid = subprocess.run(
            [DOCKER, 'network', 'create', f'snap_{word}'], capture_output=True, text=True, check=True
        ).stdout.strip()
        made.append(['network', 'rm', nid])
        everything = take_snapshot(DOCKER)
        assert everything.containers[cid] == f'snap_{word}' and everything.states[cid] == 'created'
        assert image in everything.images and f'snap_{word}' in everything.volumes
        assert everything.networks[nid] == f'snap_{word}'
        labelled = take_snapshot(DOCKER, labels=[label])
        assert labelled.containers == {cid: f'snap_{word}'}
        assert list(labelled.images) == [image]
        assert labelled.volumes == [f'snap_{word}'] and labelled.networks == {}
    finally:
        for args in made:
            subprocess.run([DOCKER, *args], capture_output=True, check=False)
