"""Remote engines: a suite on one controller running against an engine on another host.

The docker client reaches a remote engine through its own mechanisms, so the suite needs no transport
of its own: a ``-H ssh://user@host`` or ``-H tcp://host:2376`` in ``docker_options``, the
``DOCKER_HOST`` environment variable, or a docker context (``--context`` in ``docker_options`` or
``DOCKER_CONTEXT``). What the client cannot carry is the engine's host itself: subtests that bind-mount
directories of this host into containers, or look for container processes in this host's process
table, see the wrong machine. Those subtests are listed in ``engine_host_subtests`` and are TEST_NA
against a remote engine, with a reason naming the option or variable that makes it remote, unless
``engine_shares_host = yes`` says the remote engine shares this host's files and processes (an ssh
loopback, or a host whose paths are the same). The Engine API cross-checks need the engine's unix
socket and are TEST_NA by themselves (:func:`dockertest.docker_daemon.subtest_client`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from . import _core, config, xceptions
from .docker_daemon import _host_option

__all__ = ['check_engine_host', 'remote_engine']


def _context_option(words: list[str]) -> str | None:
    for index, word in enumerate(words):
        if word in ('-c', '--context'):
            return words[index + 1] if index + 1 < len(words) else ''
        if word.startswith('--context='):
            return word[len('--context=') :]
    return None


def remote_engine(cfg: Mapping[str, Any], env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``(address, where it is set)`` when the client of ``cfg`` talks to an engine not on a unix socket.

    The client's own precedence: ``-H``/``--host`` or ``--context`` in ``docker_options``, then
    ``DOCKER_HOST``, then ``DOCKER_CONTEXT``. A ``unix://`` address and the context ``default`` are local.
    """
    env = os.environ if env is None else env
    options = str(cfg.get('docker_options') or '')
    words = _core.split_subargs(options)
    candidates = (
        (_host_option(words), f'docker_options {options!r}', 'host'),
        (_context_option(words), f'docker_options {options!r}', 'context'),
        (env.get('DOCKER_HOST') or None, 'DOCKER_HOST', 'host'),
        (env.get('DOCKER_CONTEXT') or None, 'DOCKER_CONTEXT', 'context'),
    )
    for value, source, kind in candidates:
        if value is None:
            continue
        local = value.startswith('unix://') if kind == 'host' else value == 'default'
        return None if local else (value, source)
    return None


def check_engine_host(cfg: Mapping[str, Any], section: str, env: Mapping[str, str] | None = None) -> None:
    """Raise TEST_NA when ``section`` needs the engine's own host and the engine is remote.

    Raises:
        DockerTestNAError: ``section`` (or the subtest it belongs to) is in ``engine_host_subtests``,
            the engine is remote and ``engine_shares_host`` is off; the reason names all three.
    """
    needing = config.get_as_list(str(cfg.get('engine_host_subtests') or ''))
    if not any(section == name or section.startswith(name + '/') for name in needing):
        return
    shares = cfg.get('engine_shares_host', False)
    if not isinstance(shares, bool):
        raise xceptions.DockerValueError(f'engine_shares_host = {shares!r} in [{section}]: expected yes or no')
    if shares:
        return
    remote = remote_engine(cfg, env)
    if remote is None:
        return
    address, source = remote
    raise xceptions.DockerTestNAError(
        f"{section} needs the engine's own host (host directories mounted into containers, its process "
        f'table), but {source} names the remote engine {address!r}; set engine_shares_host = yes if that '
        'engine shares this host (engine_host_subtests lists the subtests this applies to)'
    )
