"""Acting on listed containers: kill, wait for and remove one by id, name or object.

:class:`ContainerActions` is a base of every container listing (:mod:`dockertest.containers`): it
finds the container through the listing's lookups (``json_by_long_id``, ``list_containers_with_name``)
and acts through the listing's docker client (``run_words``). A listing that cannot run docker
refuses to remove.
"""

from __future__ import annotations

from typing import Any

from autotest.client.shared import utils

from . import _core, xceptions

__all__ = ['ContainerActions']

DockerContainer = _core.DockerContainer


class ContainerActions:
    """Kill, wait and remove: the actions a container listing offers besides its lookups."""

    #: The signal ``kill_container_*`` send when given none (None: docker's default, SIGKILL).
    kill_signal: str | int | None = None

    def kill_container_by_long_id(self, long_id: str, signal: str | int | None = None) -> int:
        """Send ``signal`` (else ``kill_signal``, else docker's default) to a running container.

        Returns:
            The pid of the container's main process, as inspected before the kill.

        Raises:
            ValueError: No inspect data, the container is not running, or its pid is gone.
            DockerCommandError: ``docker kill`` failed or timed out.
        """
        state = self.json_by_long_id(long_id)[0].get('State') or {}
        pid = state.get('Pid') or 0
        if not state.get('Running'):
            raise ValueError(f'container {long_id} is not running, it cannot be killed')
        if not isinstance(pid, int) or pid <= 0 or not utils.pid_is_alive(pid):
            raise ValueError(f'container {long_id} is said to run as pid {pid}, which does not exist')
        signal = self.kill_signal if signal is None else signal
        words = [] if signal is None else [f'--signal={str(signal).upper().removeprefix("SIG")}']
        self.run_words(['kill', *words, long_id])
        return int(pid)

    def kill_container_by_name(self, name: str, signal: str | int | None = None) -> int:
        """:meth:`kill_container_by_long_id` on the container called ``name``.

        Raises:
            KeyError: No container has that name.
        """
        return self.kill_container_by_long_id(self._one_by_name(name).long_id or '', signal)

    def kill_container_by_obj(self, obj: DockerContainer, signal: str | int | None = None) -> int:
        """:meth:`kill_container_by_long_id` on ``obj.long_id``."""
        return self.kill_container_by_long_id(obj.long_id or '', signal)

    def wait_by_long_id(self, long_id: str, timeout: float | None = None) -> int | None:
        """``docker wait`` on a running container.

        Returns:
            Its exit code, or None when it was not running.

        Raises:
            ValueError: No inspect data.
            DockerCommandError: ``docker wait`` failed or did not return within ``timeout``.
            DockerOutputError: ``docker wait`` did not print an exit code.
        """
        if not (self.json_by_long_id(long_id)[0].get('State') or {}).get('Running'):
            return None
        result = self.run_words(['wait', long_id], timeout=timeout)
        text = result.stdout.strip()
        if not text.lstrip('-').isdigit():
            raise xceptions.DockerOutputError(f'{result.command} printed {text!r}, not an exit code')
        return int(text)

    def wait_by_name(self, name: str, timeout: float | None = None) -> int | None:
        """:meth:`wait_by_long_id` on the container called ``name``.

        Raises:
            KeyError: No container has that name.
        """
        return self.wait_by_long_id(self._one_by_name(name).long_id or '', timeout)

    def wait_by_obj(self, obj: DockerContainer, timeout: float | None = None) -> int | None:
        """:meth:`wait_by_long_id` on ``obj.long_id``."""
        return self.wait_by_long_id(obj.long_id or '', timeout)

    def remove_by_id(self, container_id: str) -> Any:
        """Remove the container with this id; subclasses run docker.

        Raises:
            RuntimeError: Always, in the base class.
        """
        raise RuntimeError(f'{type(self).__name__} cannot remove containers')

    def remove_by_name(self, name: str) -> Any:
        """Remove the container called ``name``; subclasses run docker.

        Raises:
            RuntimeError: Always, in the base class.
        """
        raise RuntimeError(f'{type(self).__name__} cannot remove containers')

    def remove_by_obj(self, obj: DockerContainer) -> Any:
        """Remove by ``obj.long_id``."""
        return self.remove_by_id(obj.long_id or '')
