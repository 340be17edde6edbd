"""What the image and container listings share: running docker for a subtest, the two interfaces, the facade.

:class:`Interface` runs the docker client of a subtest's config (``docker_path``, ``docker_options``,
``docker_timeout``) through :class:`~dockertest.dockercmd.DockerCmd`, and reads the Engine API over
the socket :func:`~dockertest.docker_daemon.socket_path` finds. Listings prefer
``--format '{{json .}}'``; whether a client takes it is probed once per ``docker_path`` and
remembered, and a client that refuses it is listed through its tables. :class:`Facade` is the
original's ``DockerImages``/``DockerContainers`` shape: it picks an interface by name and passes
every attribute through to it.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from . import _core, docker_daemon, output, xceptions
from .dockercmd import DockerCmd
from .subtest import SubSubtest, Subtest

T = TypeVar('T')

#: The template that makes docker print one JSON object per listed item.
JSON_FORMAT = '--format={{json .}}'

#: Whether each docker client, by ``docker_path``, accepted :data:`JSON_FORMAT`.
_json_format: dict[str, bool] = {}


def _check_subtest(subtest: object) -> None:
    if not isinstance(subtest, (Subtest, SubSubtest)):
        raise TypeError(f'{type(subtest).__name__} is not a Subtest or a SubSubtest')


class Interface:
    """Docker for one subtest, through its CLI (``docker_cmd``) or the Engine API (``api_get``).

    Args:
        subtest: The Subtest or SubSubtest whose config names the client, its options and timeout.
        timeout: Seconds allowed to each command or API request; ``docker_timeout`` when None.
        verbose: Log every command.

    Raises:
        TypeError: ``subtest`` is not a Subtest or a SubSubtest.
    """

    #: Check the output of removals with :class:`~dockertest.output.OutputGood` too.
    verify_output = False

    def __init__(self, subtest: Subtest | SubSubtest, timeout: float | None = None, verbose: bool = False) -> None:
        _check_subtest(subtest)
        self.subtest = subtest
        self.timeout = float(subtest.config['docker_timeout'] if timeout is None else timeout)
        self.verbose = verbose

    @property
    def docker_path(self) -> str:
        """The docker client under test."""
        return str(self.subtest.config['docker_path'])

    def docker_cmd(self, cmd: str | Iterable[str], timeout: float | None = None, check: bool = True) -> Any:
        """Run ``<docker_path> <docker_options> <cmd>``.

        Args:
            cmd: The subcommand and its arguments: a string split like a shell would (without one), or
                a list of words passed verbatim.
            timeout: Seconds before the command is killed; this listing's ``timeout`` when None.
            check: Raise when the command exits non-zero.

        Returns:
            The command's result (``exit_status``, ``stdout``, ``stderr``, ``command``...).

        Raises:
            DockerCommandError: The command could not be started, was killed at its timeout, or (with
                ``check``) exited non-zero; the message names the command and repeats its stderr.
        """
        words = _core.split_subargs(cmd) if isinstance(cmd, str) else [str(word) for word in cmd]
        if not words:
            raise xceptions.DockerValueError('docker_cmd needs a subcommand')
        run = DockerCmd(
            self.subtest, words[0], words[1:], self.timeout if timeout is None else timeout, raw_subargs=True
        )
        if self.verbose:
            self.subtest.logdebug('Running %s', run.command)
        result = run.execute()
        if check and result.exit_status != 0:
            stderr = result.stderr.strip() or '(nothing on stderr)'
            raise xceptions.DockerCommandError(
                result.command, result, f'docker_path {self.docker_path!r} said: {stderr}'
            )
        return result

    def docker_cmd_check(self, cmd: str | Iterable[str], timeout: float | None = None) -> Any:
        """:meth:`docker_cmd`, then :class:`~dockertest.output.OutputGood` on its output.

        Raises:
            DockerCommandError: As :meth:`docker_cmd`.
            DockerOutputError: The output shows a Go panic, the usage text or an ``error: `` line.
        """
        result = self.docker_cmd(cmd, timeout)
        output.OutputGood(result)
        return result

    def legacy_docker_cmd(self) -> bool:
        """Whether a subclass overrides :meth:`docker_cmd`. The framework then calls it as the original
        did, ``docker_cmd("<subcommand and arguments>", timeout)``, never with keywords it did not
        take, and lists through docker's tables (what the original parsed)."""
        return type(self).docker_cmd is not Interface.docker_cmd

    def run_words(self, words: list[str], check: bool = True, timeout: float | None = None) -> Any:
        """Run ``words`` through :meth:`docker_cmd`, in the original's call shape when it is overridden.

        With ``check`` false, an overridden ``docker_cmd`` that raises for a failed command counts as
        that failure: the error is logged and None returned. ``timeout`` is this listing's when None.
        """
        if not self.legacy_docker_cmd():
            return self.docker_cmd(words, timeout, check=check)
        seconds = self.timeout if timeout is None else timeout
        if check:
            return self.docker_cmd(shlex.join(words), seconds)
        try:
            return self.docker_cmd(shlex.join(words), seconds)
        except Exception as err:  # noqa: BLE001 - the override's own failure is that command's failure
            self.subtest.logdebug('%s failed: %s', shlex.join(words), err)
            return None

    def removal(self, words: list[str]) -> Any:
        """Run a removal command: :meth:`docker_cmd_check` with ``verify_output``, else :meth:`docker_cmd`."""
        if self.verify_output:
            result = self.run_words(words)
            output.OutputGood(result)
            return result
        return self.run_words(words)

    def remove_each(self, words: list[str], names: Iterable[str]) -> list[str]:
        """Run ``words + [name]`` for each name; a failure is logged, not raised.

        Returns:
            The names whose command exited 0.

        Raises:
            DockerCommandError: A command could not be started or was killed at its timeout.
        """
        removed = []
        for name in names:
            result = self.run_words([*words, name], check=False)
            if result is not None and result.exit_status == 0:
                removed.append(name)
            elif result is not None:
                self.subtest.logdebug('%s failed: %s', result.command, result.stderr.strip())
        return removed

    def cli_listing(self, words: list[str], from_json: Callable[..., list[T]], from_table: Callable[..., list[T]]):
        """Run a listing command and parse it: JSON lines where the client takes them, else its table.

        Args:
            words: The listing command (``['ps', '-a']``), without a format option.
            from_json: The parser of ``--format '{{json .}}'`` output, ``(text, command)``.
            from_table: The parser of the table, ``(text, command)``.

        Raises:
            DockerCommandError: The listing failed or timed out.
            DockerOutputError: The output cannot be parsed; the message names the command, line and column.
        """
        path = self.docker_path
        if self.legacy_docker_cmd():
            result = self.run_words(words)
            return from_table(result.stdout, getattr(result, 'command', shlex.join(words)))
        if _json_format.get(path, True):
            result = self.docker_cmd([*words, JSON_FORMAT], check=path in _json_format)
            if result.exit_status == 0:
                _json_format[path] = True
                return from_json(result.stdout, result.command)
        result = self.docker_cmd(words)
        if path not in _json_format:
            self.subtest.logdebug('%s does not take %s: listing its tables', path, JSON_FORMAT)
            _json_format[path] = False
        return from_table(result.stdout, result.command)

    @property
    def client(self) -> docker_daemon.SocketClient:
        """An Engine API client on the daemon's socket, with this listing's timeout."""
        return docker_daemon.SocketClient.from_config(self.subtest.config, self.timeout)

    def api_get(self, resource: str) -> tuple[str, str]:
        """``GET resource`` on the daemon's socket.

        Returns:
            The body as text and a description of the request (``GET <resource> on <socket>``).

        Raises:
            DockerSocketError: No daemon answers, or it did not answer in time; the message names the socket.
            DockerAPIError: The daemon answered with an error status.
        """
        client = self.client
        if self.verbose:
            self.subtest.logdebug('GET %s on %s', resource, client.uri)
        response = client.get(resource)
        if response.status != 200:
            response.json()  # raises DockerAPIError with the daemon's message
        return response.body.decode('utf-8', 'replace'), f'GET {resource} on {response.socket}'


class Facade:
    """Pick an interface by name and pass every attribute through to it.

    Args:
        subtest: The Subtest or SubSubtest the listing works for.
        interface_name: A key of :attr:`interfaces` (``'cli'`` or ``'api'``).
        timeout: Seconds allowed to each command; ``docker_timeout`` when None.
        verbose: Log every command.

    Raises:
        TypeError: ``subtest`` is not a Subtest or a SubSubtest.
        KeyError: Unknown ``interface_name``.
    """

    #: The interface classes by short name.
    interfaces: ClassVar[dict[str, type]] = {}

    def __init__(
        self,
        subtest: Subtest | SubSubtest,
        interface_name: str = 'cli',
        timeout: float | None = None,
        verbose: bool = False,
    ) -> None:
        _check_subtest(subtest)
        if interface_name not in self.interfaces:
            raise KeyError(
                f'{type(self).__name__}: unknown interface {interface_name!r}; known: {", ".join(self.interfaces)}'
            )
        object.__setattr__(self, '_shortname', interface_name)
        object.__setattr__(self, '_interface', self.interfaces[interface_name](subtest, timeout, verbose))

    @property
    def interface(self) -> Any:
        """The interface object doing the work."""
        return self._interface

    @property
    def interface_name(self) -> str:
        """The interface's class name (``DockerImagesCLI``)."""
        return type(self._interface).__name__

    @property
    def interface_shortname(self) -> str:
        """The interface's short name (``cli``)."""
        return self._shortname

    def __getattr__(self, name: str) -> Any:
        if name.startswith('_'):
            raise AttributeError(name)
        return getattr(self._interface, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._interface, name, value)
