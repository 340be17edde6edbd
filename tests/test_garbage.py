"""The garbage check's decisions without an engine: what is the subtest's, what it broke."""

from __future__ import annotations

from dockertest.environment import Snapshot
from dockertest.garbage import Verdict, changes, foreign, kinds_to_list, leaks
from dockertest.ownership import Recorded

NOTHING = Recorded.of([])


def snap(**kinds: object) -> Snapshot:
    return Snapshot(**kinds)  # type: ignore[arg-type]


BASE = snap(
    containers={'c1': 'theirs', 'c2': 'running'},
    states={'c1': 'exited', 'c2': 'running'},
    images={'localhost:5000/a:latest': 'i1', 'localhost:5000/t:latest': 'i5'},
    unnamed=['i0'],
    volumes=['vol0'],
    networks={'n0': 'net0'},
)


def test_only_what_the_subtest_labelled_or_named_is_a_leak() -> None:
    now = snap(
        containers={'c1': 'theirs', 'c2': 'running', 'c3': 'mine', 'c4': 'other_user', 'c5': 'named'},
        images={
            'localhost:5000/a:latest': 'i1',
            'localhost:5000/a:copy': 'i1',
            'localhost:5000/other:x': 'i2',
            'localhost:5000/built:latest': 'i3',
        },
        unnamed=['i0', 'i4', 'i6'],
        volumes=['vol0', 'vol1', 'vol2'],
        networks={'n0': 'net0', 'n1': 'net1', 'n2': 'net2'},
    )
    owned = snap(
        containers={'c3': 'mine'},
        images={'localhost:5000/built:latest': 'i3'},
        unnamed=['i4'],
        volumes=['vol1'],
        networks={'n1': 'net1'},
    )
    made = Recorded.of([['tag', 'localhost:5000/a', 'localhost:5000/a:copy'], ['run', '--name', 'named', 'img']])
    left = leaks(BASE, now, owned, made)
    assert left.containers == {'c3': 'mine', 'c5': 'named'}
    assert left.images == {'localhost:5000/a:copy': 'i1', 'localhost:5000/built:latest': 'i3'}
    assert left.unnamed == ['i4']
    assert left.volumes == ['vol1']
    assert left.networks == {'n1': 'net1'}
    everything_owned = snap(containers={'c3': 'mine', 'c5': 'named'}, volumes=['vol1'], networks={'n1': 'net1'})
    others = foreign(BASE, now, everything_owned)
    assert others.containers == {'c4': 'other_user'}
    assert set(others.images) == {'localhost:5000/a:copy', 'localhost:5000/other:x', 'localhost:5000/built:latest'}
    assert others.volumes == ['vol2'] and others.networks == {'n2': 'net2'}


def test_what_a_failed_build_printed_is_a_leak() -> None:
    now = snap(containers={'aaaabbbbcccc' + '0' * 52: ''}, unnamed=['sha256:0123456789ab' + '1' * 52, 'sha256:ffff'])
    made = Recorded.of([['build', '.']])
    made.image_ids, made.container_ids = {'0123456789ab'}, {'aaaabbbbcccc'}
    left = leaks(snap(), now, snap(), made)
    assert left.unnamed == ['sha256:0123456789ab' + '1' * 52]
    assert list(left.containers) == ['aaaabbbbcccc' + '0' * 52]
    assert kinds_to_list(snap(), made) == ['image', 'container']
    assert kinds_to_list(BASE, Recorded.of([['rm', 'theirs'], ['volume', 'rm', 'vol0']])) == ['container', 'volume']
    assert kinds_to_list(BASE, Recorded.of([['tag', 'localhost:5000/t', 'x']])) == ['image']
    assert kinds_to_list(BASE, Recorded.of([['network', 'prune']])) == ['network']
    assert kinds_to_list(BASE, NOTHING) == []


def test_declared_keeps_are_not_leaks() -> None:
    now = snap(containers={'c9': 'kept'}, images={'localhost:5000/keep:latest': 'i9'})
    owned = snap(containers={'c9': 'kept'}, images={'localhost:5000/keep:latest': 'i9'})
    assert not leaks(snap(), now, owned, NOTHING, ['localhost:5000/keep'], ['kept'])


def test_changes_to_what_existed_are_named_when_the_subtest_touched_them() -> None:
    now = snap(
        containers={'c2': 'renamed'},
        states={'c2': 'running'},
        images={'localhost:5000/t:latest': 'i7'},
        unnamed=[],
        volumes=[],
        networks={},
    )
    made = Recorded.of(
        [
            ['rm', '-f', 'theirs'],
            ['rename', 'running', 'renamed'],
            ['rmi', 'localhost:5000/a'],
            ['pull', 'localhost:5000/t'],
            ['rmi', 'sha256:i0'],
            ['volume', 'rm', 'vol0'],
            ['network', 'rm', 'n0'],
        ]
    )
    assert changes(BASE, now, made) == [
        'container theirs (c1) removed',
        'container running (c2) renamed to renamed',
        'image localhost:5000/a:latest untagged or removed',
        'image localhost:5000/t:latest moved to another image (i7, was i5)',
        'volume vol0 removed',
        'network net0 (n0) removed',
    ]
    # Nothing the subtest named: the same changes were made by someone else and are not its fault.
    assert changes(BASE, now, NOTHING) == []


def test_a_stopped_container_and_a_prune_are_changes() -> None:
    now = snap(containers={'c2': 'running'}, states={'c2': 'exited'}, images=dict(BASE.images), volumes=['vol0'])
    made = Recorded.of([['stop', 'c2'], ['image', 'prune', '-f']])
    assert changes(BASE, now, made) == ['container running (c2) stopped', 'unnamed image i0 removed']


def test_a_verdict_travels_and_reads() -> None:
    verdict = Verdict('docker_cli/x', snap(containers={'c3': 'mine'}), ['volume v removed'], ['t:latest'], [])
    again = Verdict.from_state(verdict.to_state())
    assert again == verdict
    assert again.failed
    assert again.messages() == [
        ('FAIL', 'docker_cli/x left behind: container mine (c3); removed'),
        ('FAIL', 'docker_cli/x removed or changed what existed before the job: volume v removed'),
        ('INFO', 'restored from the loopback registry: t:latest'),
    ]
    stuck = Verdict('s', snap(volumes=['v']), problems=['remove:docker volume rm v failed', 'could not restore x'])
    assert stuck.messages() == [
        ('FAIL', 's left behind: volume v; could not remove: docker volume rm v failed'),
        ('ERROR', 'could not restore x'),
    ]
    assert not Verdict('s').messages()


def test_a_pod_the_subtest_made_is_a_leak_and_one_someone_else_made_is_not() -> None:
    made = Recorded.of([['pod', 'create', '--name', 'named_pod'], ['run', '--pod', 'named_pod', 'img']])
    assert made.pods == {'named_pod'} and 'pod create' in made.verbs
    assert 'pod' in kinds_to_list(BASE, made) and 'pod' not in kinds_to_list(BASE, NOTHING)
    now = snap(pods={'p1': 'named_pod', 'p2': 'labelled', 'p3': 'theirs'}, containers={'c9': 'p3-infra'})
    left = leaks(BASE, now, snap(pods={'p2': 'labelled'}), made)
    assert left.pods == {'p1': 'named_pod', 'p2': 'labelled'} and left.containers == {}
    assert 'pod named_pod (p1)' in left.describe()
    assert foreign(BASE, now, snap(pods={'p1': 'named_pod', 'p2': 'labelled'})).pods == {'p3': 'theirs'}
    assert Snapshot.from_state(left.to_state()) == left
