"""The state of the engine as the garbage check sees it: snapshots.

A :class:`Snapshot` lists every container (id, name, state), image (name to id, and unnamed ids),
volume and network the engine holds, or only those carrying given labels. The control file takes one
when a job starts (the baseline) and the garbage check (:mod:`dockertest.garbage`) compares later
ones with it. Every listing goes through the configured client and its options, so it works with
any engine profile whose client speaks docker's ``--format`` and ``--filter``. The core's listing
parsers read what ``ps`` (``{{json .}}``: docker's object lines or podman's array, with the ``State``
word) and ``images`` (the table) print.

Before the first subtest the control file asks :func:`check_engine` whether the engine answers at
all, so a job against a stopped daemon stops at once with one message naming the client and socket.

This replaces the original's ``envchecks``, which only warned (0.6.4), with the 0.8.8 garbage check.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from typing import Any, Callable

from . import _core, docker_daemon

__all__ = [
    'KINDS',
    'POD',
    'EngineError',
    'Snapshot',
    'check_engine',
    'docker_argv',
    'engine_address',
    'run_docker',
    'take_snapshot',
]


class EngineError(RuntimeError):
    """A docker command the garbage check needs failed; the message names the command."""


def docker_argv(docker_path: str, docker_options: str, *args: str) -> list[str]:
    """The argv of a docker command: the client, its global options (split like a shell would, without
    one), then ``args``. The one place that builds it: :class:`~dockertest.dockercmd.DockerCmd` and the
    garbage check use it."""
    return [docker_path, *_core.split_subargs(docker_options or ''), *args]


def _checked(argv: list[str], timeout: float, result: _core.CmdResult) -> str:
    if result.timed_out:
        raise EngineError(f'{shlex.join(argv)} did not finish within {timeout:g} s and was killed')
    if result.exit_status != 0:
        raise EngineError(f'{shlex.join(argv)} failed (exit {result.exit_status}): {result.stderr.strip()}')
    return result.stdout


def run_docker(argv: list[str], timeout: float) -> str:
    """Run one docker command; its stdout, or :class:`EngineError` naming the command."""
    return _run_all([argv], timeout)[0]


def _finish_all(argvs: list[list[str]], timeout: float) -> list[_core.CmdResult]:
    """Run the commands at the same time and wait for them; their results, in order.

    Raises:
        EngineError: the client cannot be started; the message names ``docker_path``.
    """
    started = []
    try:
        for argv in argvs:
            started.append(_core.AsyncCmd(argv, timeout=timeout))
    except _core.CommandError as err:
        for cmd in started:
            cmd.wait()
        raise EngineError(f'docker_path {argvs[0][0]!r} cannot be run: {err}') from err
    return [cmd.wait() for cmd in started]


def _run_all(argvs: list[list[str]], timeout: float) -> list[str]:
    """Run the commands at the same time; their stdouts, in order (:class:`EngineError` for any failure)."""
    return [_checked(argv, timeout, result) for argv, result in zip(argvs, _finish_all(argvs, timeout))]


#: Where a docker client goes without -H or DOCKER_HOST.
DEFAULT_SOCKET = f'unix://{docker_daemon.DEFAULT_SOCKET}'


def engine_address(docker_options: str, environ: dict[str, str] | None = None) -> str:
    """The daemon address a client uses: ``-H``/``--host`` in the options, else ``DOCKER_HOST``, else the default socket."""
    host = docker_daemon._host_option(_core.split_subargs(docker_options or ''))
    return host or (os.environ if environ is None else environ).get('DOCKER_HOST') or DEFAULT_SOCKET


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
    result = _finish_all([argv], timeout)[0]
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
    """Containers (id to name, id to state), images (name to id, and unnamed ids), volumes (names),
    networks (id to name) and, on an engine with pods (podman), pods (id to name)."""

    containers: dict[str, str] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)
    volumes: list[str] = field(default_factory=list)
    networks: dict[str, str] = field(default_factory=dict)
    pods: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.containers or self.images or self.unnamed or self.volumes or self.networks or self.pods)

    def to_state(self) -> dict:
        """A JSON-serialisable form, kept in the job state so that a resumed job has its baseline."""
        return {
            'containers': self.containers,
            'images': self.images,
            'unnamed': self.unnamed,
            'states': self.states,
            'volumes': self.volumes,
            'networks': self.networks,
            'pods': self.pods,
        }

    @classmethod
    def from_state(cls, state: dict) -> Snapshot:
        """The inverse of :meth:`to_state` (a state from before volumes and networks were listed has none)."""
        return cls(
            dict(state['containers']),
            dict(state['images']),
            list(state['unnamed']),
            dict(state.get('states', {})),
            list(state.get('volumes', [])),
            dict(state.get('networks', {})),
            dict(state.get('pods', {})),
        )

    def describe(self) -> str:
        """One line naming every object."""
        parts = [f'container {name or "(unnamed)"} ({cid[:12]})' for cid, name in sorted(self.containers.items())]
        parts += [f'image {name} ({iid[:19]})' for name, iid in sorted(self.images.items())]
        parts += [f'unnamed image {iid[:19]}' for iid in self.unnamed]
        parts += [f'volume {name}' for name in sorted(self.volumes)]
        parts += [f'network {name} ({nid[:12]})' for nid, name in sorted(self.networks.items())]
        parts += [f'pod {name} ({pid[:12]})' for pid, name in sorted(self.pods.items())]
        return ', '.join(parts)


KINDS = ('container', 'image', 'volume', 'network')
#: The kind only podman has; listed (``pod ps``) only when asked for by name, never by default.
POD = 'pod'


def _parsed(parser: Callable[..., list[Any]], output: str, argv: list[str]) -> list[Any]:
    """What the core's listing ``parser`` reads in ``output`` of ``argv``; :class:`EngineError` naming the
    command when it cannot."""
    try:
        return parser(output, command=shlex.join(argv))
    except ValueError as err:
        raise EngineError(str(err)) from err


def take_snapshot(
    docker_path: str,
    docker_options: str = '',
    timeout: float = 60.0,
    labels: tuple[str, ...] | list[str] = (),
    kinds: tuple[str, ...] | list[str] = KINDS,
) -> Snapshot:
    """List the engine's objects of ``kinds`` (the four of :data:`KINDS` by default; :data:`POD` too when
    asked for) with the client at ``docker_path``; only those carrying every one of ``labels``
    (``key=value``) when given."""
    filters = [word for label in labels for word in ('--filter', f'label={label}')]
    every = [
        docker_argv(docker_path, docker_options, 'ps', '-a', '--no-trunc', *filters, '--format', '{{json .}}'),
        docker_argv(docker_path, docker_options, 'images', '-a', '--no-trunc', *filters),
        docker_argv(docker_path, docker_options, 'volume', 'ls', '-q', *filters),
        docker_argv(
            docker_path, docker_options, 'network', 'ls', '--no-trunc', *filters, '--format', '{{.ID}}\t{{.Name}}'
        ),
    ]
    every.append(
        docker_argv(docker_path, docker_options, 'pod', 'ps', '--no-trunc', *filters, '--format', '{{.ID}}\t{{.Name}}')
    )
    wanted = [kind in kinds for kind in (*KINDS, POD)]
    outputs = iter(_run_all([argv for argv, want in zip(every, wanted) if want], timeout))
    ps, images, volumes, networks, pods = (next(outputs) if want else '' for want in wanted)
    snap = Snapshot()
    for container in _parsed(_core.containers_from_json, ps, every[0]):
        if container.long_id:
            snap.containers[container.long_id] = container.container_name or ''
            snap.states[container.long_id] = container.state or ''
    for image in _parsed(_core.images_from_table, images, every[1]) if images.strip() else ():
        if image.full_name is None or image.tag is None:  # <none>:<none>, or a repository without a tag
            if image.long_id not in snap.unnamed:
                snap.unnamed.append(image.long_id)
        else:
            snap.images[image.full_name] = image.long_id
    snap.volumes = [line.strip() for line in volumes.splitlines() if line.strip()]
    for line in networks.splitlines():
        nid, _, name = line.partition('\t')
        if nid:
            snap.networks[nid] = name
    for line in pods.splitlines():
        pid, _, name = line.partition('\t')
        if pid:
            snap.pods[pid] = name
    return snap
