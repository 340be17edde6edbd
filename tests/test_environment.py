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


PODMAN_PS = (
    '[{"Id": "c1", "Names": ["web"], "State": "running", "Status": "Up 3 seconds ago"},'
    ' {"Id": "c2", "Names": ["old"], "State": "exited", "Status": "Exited (3) 1 second ago"}]'
)
IMAGES_TABLE = """REPOSITORY                 TAG         IMAGE ID      CREATED      SIZE
localhost:5000/x/busybox   latest      sha256:aa     7 hours ago  4.48 MB
localhost:5000/x/busybox   <none>      sha256:bb     7 hours ago  4.48 MB
<none>                     <none>      sha256:cc     7 hours ago  4.48 MB
"""


def fake_client(tmp_path: Path, ps: str, images: str) -> str:
    """A client that answers ``ps`` and ``images`` with the given text (podman's forms)."""
    (tmp_path / 'ps.out').write_text(ps)
    (tmp_path / 'images.out').write_text(images)
    fake = tmp_path / 'docker'
    fake.write_text(f'#!/bin/sh\ncase "$1" in ps|images) cat {tmp_path}/"$1".out;; esac\n')
    fake.chmod(0o755)
    return str(fake)


def test_listings_are_read_by_the_core_parsers_with_the_state_word(tmp_path: Path) -> None:
    snap = take_snapshot(fake_client(tmp_path, PODMAN_PS, IMAGES_TABLE), kinds=('container', 'image'))
    assert snap.containers == {'c1': 'web', 'c2': 'old'}
    assert snap.states == {'c1': 'running', 'c2': 'exited'}  # the State word, not podman's status text
    assert snap.images == {'localhost:5000/x/busybox:latest': 'sha256:aa'}
    assert snap.unnamed == ['sha256:bb', 'sha256:cc']


def test_unreadable_output_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r'`.*docker ps -a --no-trunc --format .*`: line 1.*JSON'):
        take_snapshot(fake_client(tmp_path, '{not json', ''), kinds=('container',))


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
