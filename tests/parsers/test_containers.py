"""dockertest.containers: DockerContainer (§10.1) and the parsing part of listings (§10.2, §17)."""

from __future__ import annotations

import pytest

from dockertest.containers import DockerContainer, DockerContainersBase, DockerContainersList
from dockertest.networking import ContainerPort
from dockertest.output import DockerOutputError

from .conftest import tabwrite

IDS = [f'{n:x}' * 64 for n in range(1, 7)]
IDS[2] = 'ac8c9fa367f9' + 'e' * 52
PS_2014 = tabwrite(
    [
        ('CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES', 'SIZE'),
        (IDS[0], 'fedora:20', '/bin/bash', '2 hours ago', 'Exit 0', '', 'suspicious_pare', '0 B'),
        (
            IDS[1],
            'fedora:20',
            'sleep 1000',
            '2 hours ago',
            'Up 2 hours',
            '4.3.2.1:4321->1234/bar, 1.2.3.4:1234->4321/foo',
            'happy_turing',
            '12 B',
        ),
        (IDS[2], 'fedora:20', 'echo  two  spaces', '3 hours ago', 'Exit 1', '', 'angry_babbage', '0 B'),
        (
            IDS[3],
            'fedora:rawhide',
            '/bin/true',
            '4 days ago',
            'Exit 0',
            '',
            'child0/alias0,child1/alias1,sad_pike',
            '0 B',
        ),
        (IDS[4], 'fedora:rawhide', '/bin/false', '4 days ago', 'Exit 1', '', 'boring_curie', ''),
        (IDS[5], 'busybox:latest', 'top', '5 weeks ago', 'Up 5 weeks', '', 'cranky_hopper', '1.2 kB'),
        ('0' * 64, 'busybox:latest', 'true', '5 weeks ago', 'Ghost', '', 'ghostly', '0 B'),
    ]
)


@pytest.fixture
def listing(cli_capture):
    containers = DockerContainersList.from_table(PS_2014, command='/foo/bar ps -a --no-trunc --size')
    containers.metadata[IDS[1]] = DockerContainersBase.parse_inspect(cli_capture('api/inspect-run1.json'))
    return containers


def test_constructor_defaults_and_equality():
    c = DockerContainer('fedora', '/bin/true')
    assert (c.ports, c.container_name, c.long_id, c.created, c.status, c.size, c.links) == (
        '',
        None,
        None,
        None,
        None,
        None,
        None,
    )
    assert c == DockerContainer('fedora', '/bin/true', '', None)
    other = DockerContainer('fedora', '/bin/true', container_name='x')
    assert c != other
    assert str(c).startswith('image: fedora, command: /bin/true') and repr(c).startswith('DockerContainer(')


def test_original_listing(listing):
    cs = listing.list_containers()
    assert len(cs) == 7
    assert listing.list_container_ids() == [*IDS, '0' * 64]
    (short,) = listing.list_containers_with_cid('ac8c9fa367f9')
    assert short.ports == '' and short.command == 'echo  two  spaces' and short.status == 'Exit 1'
    ports = [ContainerPort(*ContainerPort.split_to_component(p.strip())) for p in cs[1].ports.split(',')]
    assert ports[0].protocol == 'bar' and ports[1].host_port == 1234
    linked = listing.list_containers_with_name('sad_pike')[0]
    assert linked.links == [('child0', 'alias0'), ('child1', 'alias1')]
    assert cs[4].size is None and cs[5].size == '1.2 kB'
    assert listing.list_container_names()[:2] == ['suspicious_pare', 'happy_turing']


def test_inspect_lookups(listing):
    data = listing.json_by_name('happy_turing')
    assert data[0]['Config']['Hostname'] == 'a8f938c4b37e'
    assert listing.json_by_long_id(IDS[1][:12]) is data
    with pytest.raises(ValueError, match='no inspect data'):
        listing.json_by_name('suspicious_pare')
    with pytest.raises(ValueError, match='0 containers are called'):
        listing.json_by_name('nobody')


@pytest.mark.parametrize(
    ('names', 'parsed'),
    [
        ('a', ('a', None)),
        ('b/c,a', ('a', [('b', 'c')])),
        ('a/b,c,d/e', ('c', [('a', 'b'), ('d', 'e')])),
        (
            'child0/alias0,child1/alias1,child2/alias2,suspicious_pare',
            ('suspicious_pare', [('child0', 'alias0'), ('child1', 'alias1'), ('child2', 'alias2')]),
        ),
        (
            'child0/alias0,suspicious_pare,child2/alias2',
            ('suspicious_pare', [('child0', 'alias0'), ('child2', 'alias2')]),
        ),
    ],
)
def test_parse_container_name(names, parsed):
    assert DockerContainer.parse_container_name(names) == parsed


@pytest.mark.parametrize('names', ['', ' ', ',', '/', ',/', 'a,b,c', 'a/b,,c/d', 'a,a', 'a/a'])
def test_parse_container_name_rejects(names):
    with pytest.raises(ValueError, match='cannot read container names'):
        DockerContainer.parse_container_name(names)


def test_cmp_id_and_name():
    c = DockerContainer.from_row(('img', 'cmd', '', 'name', IDS[0], None, None, None, None))
    assert c.cmp_id(IDS[0][:12]) and c.cmp_id(IDS[0]) and not c.cmp_id(IDS[0][:13])
    assert c.cmp_name('name') and not c.cmp_name('other')


def test_bad_listing_names_command_line_and_column():
    bad = PS_2014.replace('sad_pike', 'sad,pike')
    with pytest.raises(DockerOutputError) as info:
        DockerContainersList.from_table(bad, command='docker ps -a')
    assert (info.value.command, info.value.line) == ('docker ps -a', 5)
    assert info.value.column == PS_2014.splitlines()[0].index('NAMES') + 1
    with pytest.raises(DockerOutputError, match='empty list'):
        DockerContainersBase.parse_inspect('[]')
    with pytest.raises(NotImplementedError):
        DockerContainersBase().list_containers()


def test_clean_all_keeps_preserved_names():
    assert DockerContainersBase.clean_all_names(['a', 'keep', 'b', 'also'], 'keep,also') == ['a', 'b']
    with pytest.raises(ValueError):
        DockerContainersBase.clean_all_names('abc')
