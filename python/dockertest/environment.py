"""The state of the engine between subtests: the garbage check.

When a job starts, the control file takes a :class:`Snapshot` of every container and image the engine
holds. After each subtest it takes another; whatever is new, apart from the names the subtest's
config declares it keeps (``preserve_fqins`` for images, ``preserve_cnames`` for containers), was
left behind by that subtest. The leak is reported against the subtest, then removed. Only what is
new is ever removed: containers by id, images by the new name (so other names of a shared image
stay), and new unnamed images by id.

Before the first subtest the control file asks :func:`check_engine` whether the engine answers at
all, so a job against a stopped daemon stops at once with one message naming the client and socket.

This replaces the original's ``envchecks``, which only warned (0.6.4), with the 0.8.8 garbage check.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import _core

__all__ = [
    'EngineError',
    'Leaks',
    'Snapshot',
    'check_engine',
    'docker_argv',
    'engine_address',
    'find_leaks',
    'remove_leaks',
    'take_snapshot',
]

NONE_NAME = '<none>:<none>'


class EngineError(RuntimeError):
    """A docker command the garbage check needs failed; the message names the command."""


def docker_argv(docker_path: str, docker_options: str, *args: str) -> list[str]:
    """The argv of a docker command: the client, its global options, then ``args``."""
    return [docker_path, *_core.split_subargs(docker_options or ''), *args]


def _run(argv: list[str], timeout: float) -> str:
    try:
        result = _core.run(argv, timeout=timeout)
    except _core.CommandError as err:
        raise EngineError(f'docker_path {argv[0]!r} cannot be run: {err}') from err
    if result.timed_out:
        raise EngineError(f'{shlex.join(argv)} did not finish within {timeout:g} s and was killed')
    if result.exit_status != 0:
        raise EngineError(f'{shlex.join(argv)} failed (exit {result.exit_status}): {result.stderr.strip()}')
    return result.stdout


#: Where a docker client goes without -H or DOCKER_HOST.
DEFAULT_SOCKET = 'unix:///var/run/docker.sock'


def engine_address(docker_options: str, environ: dict[str, str] | None = None) -> str:
    """The daemon address a client uses: ``-H``/``--host`` in the options, else ``DOCKER_HOST``, else the default socket."""
    words = _core.split_subargs(docker_options or '')
    for index, word in enumerate(words):
        if word in ('-H', '--host') and index + 1 < len(words):
            return words[index + 1]
        if word.startswith(('-H=', '--host=')):
            return word.split('=', 1)[1]
        if word.startswith('-H') and len(word) > 2:
            return word[2:]
    return (os.environ if environ is None else environ).get('DOCKER_HOST') or DEFAULT_SOCKET


def _complaint(stdout: str, stderr: str, exit_status: int) -> str:
    """What a failed client said: the ``ERROR:`` line docker 20.10 prints on stdout, else its last stderr line."""
    for line in stdout.splitlines():
        if line.strip().startswith('ERROR:'):
            return line.strip()[len('ERROR:') :].strip()
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else f'exit {exit_status}'


def check_engine(docker_path: str, docker_options: str = '', timeout: float = 30.0) -> None:
    """Raise :class:`EngineError` unless the engine answers ``system info`` through the configured client.

    ``system info`` rather than ``version`` or ``info``, which subtests test (and negative controls
    break). The message names the client, the daemon address it uses and what the client said.
    """
    argv = docker_argv(docker_path, docker_options, 'system', 'info')
    try:
        result = _core.run(argv, timeout=timeout)
    except _core.CommandError as err:
        raise EngineError(f'docker_path {docker_path!r} cannot be run: {err}') from err
    if result.timed_out:
        said = f'{shlex.join(argv)} got no answer within {timeout:g} s'
    elif result.exit_status != 0:
        said = _complaint(result.stdout, result.stderr, result.exit_status)
    else:
        return
    raise EngineError(
        f'the engine does not answer at {engine_address(docker_options)} (docker_path {docker_path!r}, '
        f'docker_options {docker_options!r}): {said}; start the daemon or fix docker_path/docker_options'
    )


@dataclass
class Snapshot:
    """Every container (id to name) and every image (name to id, and unnamed ids) on the engine."""

    containers: dict[str, str] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)

    def to_state(self) -> dict:
        """A JSON-serialisable form, kept in the job state so that a resumed job has its baseline."""
        return {'containers': self.containers, 'images': self.images, 'unnamed': self.unnamed}

    @classmethod
    def from_state(cls, state: dict) -> Snapshot:
        """The inverse of :meth:`to_state`."""
        return cls(dict(state['containers']), dict(state['images']), list(state['unnamed']))


def take_snapshot(docker_path: str, docker_options: str = '', timeout: float = 60.0) -> Snapshot:
    """List the engine's containers and images with the docker client at ``docker_path``."""
    snap = Snapshot()
    ps = _run(
        docker_argv(docker_path, docker_options, 'ps', '-a', '--no-trunc', '--format', '{{.ID}}\t{{.Names}}'), timeout
    )
    for line in ps.splitlines():
        cid, _, name = line.partition('\t')
        if cid:
            snap.containers[cid] = name
    images = _run(
        docker_argv(
            docker_path, docker_options, 'images', '-a', '--no-trunc', '--format', '{{.ID}}\t{{.Repository}}:{{.Tag}}'
        ),
        timeout,
    )
    for line in images.splitlines():
        iid, _, name = line.partition('\t')
        if not iid:
            continue
        if name == NONE_NAME or name.endswith(':<none>') or name.startswith('<none>'):
            if iid not in snap.unnamed:
                snap.unnamed.append(iid)
        else:
            snap.images[name] = iid
    return snap


class Leaks(Snapshot):
    """What a subtest left behind: the part of a snapshot that its baseline does not hold."""

    def __bool__(self) -> bool:
        return bool(self.containers or self.images or self.unnamed)

    def describe(self) -> str:
        """One line naming every leaked container and image."""
        parts = [f'container {name or "(unnamed)"} ({cid[:12]})' for cid, name in sorted(self.containers.items())]
        parts += [f'image {name} ({iid[:19]})' for name, iid in sorted(self.images.items())]
        parts += [f'unnamed image {iid[:19]}' for iid in self.unnamed]
        return ', '.join(parts)


def _matches(name: str, keep: Iterable[str]) -> bool:
    return any(name == k or (':' not in k.rsplit('/', 1)[-1] and name == f'{k}:latest') for k in keep)


def find_leaks(
    baseline: Snapshot, now: Snapshot, keep_fqins: Iterable[str] = (), keep_cnames: Iterable[str] = ()
) -> Leaks:
    """What ``now`` holds beyond ``baseline``, apart from the declared keeps."""
    keep_fqins, keep_cnames = list(keep_fqins), list(keep_cnames)
    leaks = Leaks()
    for cid, name in now.containers.items():
        if cid not in baseline.containers and name not in keep_cnames:
            leaks.containers[cid] = name
    for name, iid in now.images.items():
        if baseline.images.get(name) != iid and not _matches(name, keep_fqins):
            leaks.images[name] = iid
    known_ids = set(baseline.unnamed) | set(baseline.images.values()) | set(now.images.values())
    leaks.unnamed = [iid for iid in now.unnamed if iid not in known_ids]
    return leaks


def remove_leaks(leaks: Leaks, docker_path: str, docker_options: str = '', timeout: float = 60.0) -> list[str]:
    """Remove what leaked; returns one message per thing that could not be removed.

    Containers go first (they hold their images), then the leaked image names, then the leaked
    unnamed images that removing those names did not already take away.
    """
    failures = []

    def attempt(*args: str) -> None:
        try:
            _run(docker_argv(docker_path, docker_options, *args), timeout)
        except EngineError as err:
            failures.append(str(err))

    for cid in leaks.containers:
        attempt('rm', '--force', '--volumes', cid)
    for name in leaks.images:
        attempt('rmi', name)
    if leaks.unnamed:
        still_there = set(take_snapshot(docker_path, docker_options, timeout).unnamed)
        for iid in leaks.unnamed:
            if iid in still_there:
                attempt('rmi', iid)
    return failures
