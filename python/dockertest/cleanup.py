"""The cleanup registry: a subtest removes exactly the engine objects it registered.

Every :class:`~dockertest.subtest.Subtest` and :class:`~dockertest.subtest.SubSubtest` has a
``cleanups`` registry. A subtest registers each object *before* the command that creates it, so an
object whose creation was cut by a timeout is still removed::

    name = naming.unique_name('test_exec')
    self.cleanups.container(name)
    NoFailDockerCmd(self, 'run', ['--detach', f'--name={name}', image, 'sleep', '600']).execute()

The test's ``cleanup`` stage runs the registry, on success and on failure alike: containers first
(``docker rm --force --volumes``), then networks, volumes and images (``docker rmi`` of the name, never
``--force``), each kind in the reverse order of registration. An object that is already gone counts
as removed; with ``remove_after_test`` off, everything is kept for inspection. Nothing that was not registered is ever touched: no listing, no filters, no prune.

Something that is not an engine object (a network namespace on the host, a listener process) is
registered with :meth:`CleanupRegistry.action`: a label and a callable that removes it, run after the
engine objects, the latest registered first.

On the test's own timeout the job sends SIGTERM to the test's processes; while a registry holds
objects, a SIGTERM handler removes them before the process dies as it would have without it.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from .cmdresult import describe
from .xceptions import DockerCommandError, DockerTestError, DockerValueError

__all__ = ['KINDS', 'CleanupRegistry']

_LOG = logging.getLogger(__name__)

#: Each kind of object, the docker command (before the name) that removes it, in removal order.
KINDS: dict[str, tuple[str, ...]] = {
    'container': ('rm', '--force', '--volumes'),
    'network': ('network', 'rm'),
    'volume': ('volume', 'rm', '--force'),
    'image': ('rmi',),
}
#: Error texts meaning the object is already gone (docker and podman spell it differently).
GONE = ('no such', 'not found', 'no container with name or id', 'image not known')

_live: list[CleanupRegistry] = []
_previous_handler: Any = None


def _on_sigterm(signum: int, _frame: Any) -> None:
    """Remove what every live registry holds, then die of SIGTERM as the process would have."""
    for registry in _live.copy():  # each run() takes itself off _live
        try:
            registry.run(log_failures_only=True)
        except Exception:  # noqa: BLE001 - the process is dying; each failure was logged
            _LOG.exception('cleanup after SIGTERM failed')
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _arm(registry: CleanupRegistry) -> None:
    global _previous_handler
    if registry in _live:
        return
    _live.append(registry)
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is not _on_sigterm:
        _previous_handler = signal.signal(signal.SIGTERM, _on_sigterm)


def _disarm(registry: CleanupRegistry) -> None:
    global _previous_handler
    if registry in _live:
        _live.remove(registry)
    if not _live and _previous_handler is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _previous_handler)
        _previous_handler = None


class CleanupRegistry:
    """What one subtest or sub-subtest must remove, and the removal.

    Args:
        test: the Subtest or SubSubtest whose config gives the docker client, its options and timeout.
    """

    def __init__(self, test: Any) -> None:
        self.test = test
        self.entries: list[tuple[str, str]] = []
        self.actions: list[tuple[str, Callable[[], None]]] = []

    def add(self, kind: str, name: str) -> str:
        """Register the object ``name`` of ``kind`` (a key of :data:`KINDS`); returns ``name``.

        Raises:
            DockerValueError: an unknown kind or an empty name.
        """
        if kind not in KINDS:
            raise DockerValueError(f'cleanup registry: unknown kind {kind!r} (one of {", ".join(KINDS)})')
        if not str(name).strip():
            raise DockerValueError(f'cleanup registry: an empty {kind} name')
        if (kind, str(name)) not in self.entries:
            self.entries.append((kind, str(name)))
        _arm(self)
        return str(name)

    def action(self, label: str, remove: Callable[[], None]) -> None:
        """Register ``remove``, which removes what ``label`` names (not an engine object) and raises if it cannot."""
        self.actions.append((label, remove))
        _arm(self)

    def container(self, name: str) -> str:
        """Register a container by name or id; returns it."""
        return self.add('container', name)

    def image(self, name: str) -> str:
        """Register an image name (its tag is removed, never by force); returns it."""
        return self.add('image', name)

    def network(self, name: str) -> str:
        """Register a network; returns its name."""
        return self.add('network', name)

    def volume(self, name: str) -> str:
        """Register a volume; returns its name."""
        return self.add('volume', name)

    def forget(self, kind: str, name: str) -> None:
        """Stop tracking an object the subtest removed itself (and checked it did)."""
        if (kind, str(name)) in self.entries:
            self.entries.remove((kind, str(name)))

    def ordered(self) -> list[tuple[str, str]]:
        """The entries in removal order: by kind as in :data:`KINDS`, the latest registered first."""
        return [(kind, name) for kind in KINDS for k, name in reversed(self.entries) if k == kind]

    def _remove(self, kind: str, name: str) -> str | None:
        """Remove one object; a problem as text, or None when it is gone."""
        from .dockercmd import DockerCmd  # here: dockercmd imports subtest, which imports this module

        words = KINDS[kind]
        try:
            result = DockerCmd(self.test, words[0], [*words[1:], name], raw_subargs=True).execute()
        except DockerCommandError as err:
            return f'{kind} {name}: {err}'
        if result.exit_status == 0 or any(text in result.stderr.lower() for text in GONE):
            return None
        return f'{kind} {name}: {describe(result)}'

    def run(self, log_failures_only: bool = False) -> list[str]:
        """Remove every registered object (none when ``remove_after_test`` is off); the registry is empty afterwards.

        Args:
            log_failures_only: log what could not be removed instead of raising.

        Returns:
            One line per object that could not be removed (empty when all went).

        Raises:
            DockerTestError: something could not be removed (unless ``log_failures_only``).
        """
        failures = []
        keep = not self.test.config.get('remove_after_test', True)
        try:
            if keep and (self.entries or self.actions):
                kept = [f'{k} {n}' for k, n in self.entries] + [label for label, _ in self.actions]
                _LOG.info('cleanup: remove_after_test is off; keeping %s', ', '.join(kept))
            for kind, name in [] if keep else self.ordered():
                problem = self._remove(kind, name)
                if problem:
                    _LOG.error('cleanup: could not remove %s', problem)
                    failures.append(problem)
            for label, remove in [] if keep else reversed(self.actions):
                try:
                    remove()
                except Exception as err:  # noqa: BLE001 - each failure is reported, the rest still run
                    _LOG.error('cleanup: could not remove %s: %s', label, err)
                    failures.append(f'{label}: {err}')
        finally:
            self.entries.clear()
            self.actions.clear()
            _disarm(self)
        if failures and not log_failures_only:
            raise DockerTestError(f'cleanup could not remove: {"; ".join(failures)}')
        return failures
