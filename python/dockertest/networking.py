"""Published container ports: ``host_ip:host_port->container_port/protocol``.

:class:`ContainerPort` comes from the Rust core and accepts any IPv4 or IPv6 address (the
original's single-digit-octet pattern is not kept). :class:`PortContainer` reads a line of
``docker port`` output.
"""

from __future__ import annotations

from ._core import ContainerPort, ports_from_cell

__all__ = ['ContainerPort', 'PortContainer', 'ports_from_cell']


class PortContainer(ContainerPort):
    """A port read from a ``docker port`` line such as ``8080/tcp -> 0.0.0.0:80``.

    Args:
        portstr: The line; whitespace around the arrow is ignored.

    Raises:
        ValueError: The line is not ``container_port/protocol -> host_ip:host_port``.
    """

    def __new__(cls, portstr: str):
        port = ContainerPort.from_port_line(portstr)
        return super().__new__(cls, port.container_port, port.host_port, port.host_ip, port.protocol)
