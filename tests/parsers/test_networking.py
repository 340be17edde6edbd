"""dockertest.networking: ContainerPort (§11), any IPv4 or IPv6 address."""

from __future__ import annotations

import pytest

from dockertest.networking import ContainerPort, PortContainer, ports_from_cell


def test_defaults_and_full_arguments():
    port = ContainerPort(1234)
    assert (port.container_port, port.host_port, port.host_ip, port.protocol) == (1234, 1234, '0.0.0.0', 'tcp')
    assert port.portstr == '0.0.0.0:1234->1234/tcp'
    assert ContainerPort(4321, 1234, '1.2.3.4', 'foobar').portstr == '1.2.3.4:1234->4321/foobar'


def test_equality_str_and_comparisons():
    port = ContainerPort(4321, 1234, '1.2.3.4', 'foobar')
    assert port == ContainerPort(4321, 1234, '1.2.3.4', 'foobar')
    assert port != ContainerPort(4321, 1234, '1.2.3.4', 'tcp')
    for part in ('4321', '1234', '1.2.3.4', 'foobar'):
        assert part in str(port)
    assert port.cmp_portstr_with_component(4321, 1234, '1.2.3.4', 'foobar')
    assert not port.cmp_portstr_with_component(4321, 1234, '1.2.3.4', 'tcp')
    assert port.cmp_portstr('1.2.3.4:1234->4321/foobar') and not port.cmp_portstr('garbage')
    assert ContainerPort.portstr_from_component(80, 8080) == '0.0.0.0:8080->80/tcp'


@pytest.mark.parametrize(
    ('text', 'parts'),
    [
        ('4.2.2.1:5678->9876/tux', (9876, 5678, '4.2.2.1', 'tux')),
        ('10.20.30.40:5678->9876/udp', (9876, 5678, '10.20.30.40', 'udp')),
        ('127.0.0.1:18443->443/udp', (443, 18443, '127.0.0.1', 'udp')),
        (':::8080->80/tcp', (80, 8080, '::', 'tcp')),
        ('[fe80::1]:8080->80/sctp', (80, 8080, 'fe80::1', 'sctp')),
    ],
)
def test_split_any_address(text, parts):
    assert ContainerPort.split_to_component(text) == parts


@pytest.mark.parametrize('text', ['10.0.0.1:80', '300.1.1.1:80->80/tcp', '1.2.3.4:70000->80/tcp', '1.2.3.4:80->80/'])
def test_bad_port_strings_raise_value_error_naming_the_string(text):
    with pytest.raises(ValueError, match='cannot read a port mapping from'):
        ContainerPort.split_to_component(text)


def test_ports_cell_and_docker_port_lines():
    ports = ports_from_cell('4.3.2.1:4321->1234/bar, 1.2.3.4:1234->4321/foo')
    assert ports[0].protocol == 'bar' and ports[1].host_port == 1234
    port = PortContainer('8080/tcp   ->  0.0.0.0:80')
    assert isinstance(port, ContainerPort)
    assert (port.container_port, port.host_port, port.host_ip) == (8080, 80, '0.0.0.0')
