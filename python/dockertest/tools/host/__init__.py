"""A tool: set up, inspect and tear down the Docker test host on a Debian machine.

Usage: ``python -m dockertest.host up | status | down [--purge] | version`` (the same as
``python -m dockertest.tools.host``; also installed as the ``dockertest-host`` command).

``up`` makes everything the suite needs and is idempotent, one module per step:

1. :mod:`~dockertest.tools.host.packages` installs the Debian packages ``docker.io``,
   ``busybox-static``, ``bash-static`` and ``docker-registry`` when they are missing (as root), and
   ``rsync`` and ``openssh-server`` for the fleet tests (tmt syncs its guests with rsync; the tests
   start their own loopback ``sshd``);
2. :mod:`~dockertest.tools.host.dockerd` starts ``dockerd`` when no daemon answers on the socket,
   logging to ``<state>/dockerd.log``;
3. :mod:`~dockertest.tools.host.image` builds the test image offline, with ``docker import`` of a tiny
   rootfs holding static busybox (every applet linked) and static bash at ``/bin/bash``;
4. :mod:`~dockertest.tools.host.registry` starts a registry on 127.0.0.1:5000 (data under
   ``<state>/registry``) and pushes the image there as ``localhost:5000/dockertest/busybox:latest`` and
   ``:extra``;
5. :mod:`~dockertest.tools.host.fileserver` serves a static busybox over loopback HTTP, at
   ``http://127.0.0.1:5080/busybox``;
6. :mod:`~dockertest.tools.host.auth_registry` starts a second registry that requires basic auth, on
   127.0.0.1:5001;
7. :mod:`~dockertest.tools.host.podman` sets up podman beside dockerd.

:class:`~dockertest.tools.host.host.Host` is made of those steps, and :func:`main` is the command
line (:mod:`~dockertest.tools.host.cli`). Whatever ``up`` starts is
tracked by a pid file (:mod:`~dockertest.tools.host.processes`), and whatever it makes is recorded in
``<state>/made.json``. ``down`` stops only those processes; ``down --purge`` also removes the images
and the registry data that ``up`` made. Neither touches an image or a container it did not make.
Commands that run to completion go through the core's runner
(:func:`~dockertest.tools.host.commands.run_tool`), and the Engine API is asked through the core's
client (:func:`~dockertest.tools.host.probes.daemon_answers`).

Settings come from the environment (:mod:`~dockertest.tools.host.settings`): ``DOCKERTEST_STATE_DIR``
(default ``.state/host`` in a source checkout, else ``/var/lib/dockertest``),
``DOCKERTEST_REGISTRY_PORT`` (5000), ``DOCKERTEST_HTTP_PORT`` (5080), ``DOCKERTEST_STORAGE_DRIVER``
(``vfs``, which works everywhere), ``DOCKERTEST_DOCKER`` (the client used for setup, default
``/usr/bin/docker``) and ``DOCKERTEST_SOCKET`` (``/var/run/docker.sock``).
"""

from __future__ import annotations

from .cli import main

__all__ = ['main']
