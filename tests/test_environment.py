"""The garbage check between subtests: snapshots, leaks and their removal."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from dockertest.environment import EngineError, Snapshot, find_leaks, remove_leaks, take_snapshot

DOCKER = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
EMPTY_TAR = bytes(10240)


def test_find_leaks_sees_only_what_is_new() -> None:
    base = Snapshot({'c1': 'kept'}, {'localhost:5000/a:latest': 'i1'}, ['i0'])
    now = Snapshot(
        {'c1': 'kept', 'c2': 'new', 'c3': 'declared'},
        {
            'localhost:5000/a:latest': 'i1',
            'localhost:5000/a:copy': 'i1',
            'localhost:5000/b:x': 'i2',
            'localhost:5000/keep:latest': 'i3',
        },
        ['i0', 'i4', 'i2'],
    )
    leaks = find_leaks(base, now, keep_fqins=['localhost:5000/keep'], keep_cnames=['declared'])
    assert leaks.containers == {'c2': 'new'}
    assert leaks.images == {'localhost:5000/a:copy': 'i1', 'localhost:5000/b:x': 'i2'}
    assert leaks.unnamed == ['i4']
    assert leaks.describe() == (
        'container new (c2), image localhost:5000/a:copy (i1), image localhost:5000/b:x (i2), unnamed image i4'
    )


def test_a_name_moved_to_another_image_is_a_leak() -> None:
    base = Snapshot({}, {'localhost:5000/a:latest': 'i1'}, [])
    now = Snapshot({}, {'localhost:5000/a:latest': 'i9'}, [])
    assert find_leaks(base, now).images == {'localhost:5000/a:latest': 'i9'}


def test_nothing_new_is_no_leak() -> None:
    snap = Snapshot({'c': 'n'}, {'x:1': 'i'}, ['u'])
    assert not find_leaks(snap, Snapshot.from_state(snap.to_state()))


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
def test_leaks_are_found_and_removed_and_nothing_else() -> None:
    tag = uuid.uuid4().hex[:10]
    base = take_snapshot(DOCKER)
    image = f'localhost:5000/dockertest-garbage/{tag}:leak'
    subprocess.run([DOCKER, 'import', '-', image], input=EMPTY_TAR, capture_output=True, check=True)
    cid = subprocess.run(
        [DOCKER, 'create', '--name', f'garbage_{tag}', image, '/bin/true'], capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        leaks = find_leaks(base, take_snapshot(DOCKER))
        assert leaks.containers == {cid: f'garbage_{tag}'}
        assert list(leaks.images) == [image]
        assert remove_leaks(leaks, DOCKER) == []
        after = take_snapshot(DOCKER)
        assert not find_leaks(base, after)
        assert after.containers == base.containers and after.images == base.images
    finally:
        subprocess.run([DOCKER, 'rm', '-f', cid], capture_output=True, check=False)
        subprocess.run([DOCKER, 'rmi', image], capture_output=True, check=False)
