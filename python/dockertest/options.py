"""Typed reading of a subtest's options, with one precise message per bad value.

``opts = Options(self)`` in a :class:`~dockertest.subtest.Subtest` or
:class:`~dockertest.subtest.SubSubtest` reads the options of its section (merged over DEFAULTS):

- :meth:`Options.image`: the default test image's full name, built from the DEFAULTS
  ``docker_registry_host``, ``docker_registry_user``, ``docker_repo_name`` and ``docker_repo_tag``;
- :meth:`Options.list`: a comma-separated option as a list (``run_options_csv = --tty,--detach``);
- :meth:`Options.words`: a space-separated option as a list;
- :meth:`Options.texts`: a ``|``-separated option as a list (texts an engine's message may hold);
- :meth:`Options.seconds`: a positive number of seconds (a timeout or a tolerance);
- :meth:`Options.integer`, :meth:`Options.text` and :meth:`Options.flag`.

A missing or malformed option raises :class:`~dockertest.xceptions.DockerValueError` naming the
section and the option, never a bare ``KeyError``.
"""

from __future__ import annotations

from typing import Any

from . import config, xceptions
from .images import DockerImage

__all__ = ['Options']

_TRUE = ('yes', 'true', 'on', '1')
_FALSE = ('no', 'false', 'off', '0')


class Options:
    """The options of one subtest or sub-subtest.

    Args:
        test: anything with ``config`` (a mapping) and ``config_section`` (its name).
    """

    def __init__(self, test: Any) -> None:
        self.config = test.config
        self.section = str(test.config_section)

    def _error(self, option: str, problem: str) -> xceptions.DockerValueError:
        return xceptions.DockerValueError(f'[{self.section}] {option}: {problem}')

    def raw(self, option: str) -> Any:
        """The option's value as the config typed it.

        Raises:
            DockerValueError: the option is missing.
        """
        if option not in self.config:
            raise self._error(option, 'missing option (neither the section nor DEFAULTS sets it)')
        return self.config[option]

    def text(self, option: str) -> str:
        """The option as text."""
        value = self.raw(option)
        return '' if value is None else str(value)

    def list(self, option: str, *, allow_empty: bool = True) -> list[str]:
        """A comma-separated option, split and stripped, empty items left out.

        Raises:
            DockerValueError: the option is missing, or empty when ``allow_empty`` is false.
        """
        items = config.get_as_list(self.text(option))
        if not items and not allow_empty:
            raise self._error(option, 'must list at least one comma-separated item')
        return items

    def words(self, option: str, *, allow_empty: bool = True) -> list[str]:
        """A space-separated option, split on white space.

        Raises:
            DockerValueError: the option is missing, or empty when ``allow_empty`` is false.
        """
        items = self.text(option).split()
        if not items and not allow_empty:
            raise self._error(option, 'must hold at least one word')
        return items

    def texts(self, option: str) -> list[str]:
        """A ``|``-separated option (``No such image|image not known``), split and stripped, empty items left out."""
        return [text.strip() for text in self.text(option).split('|') if text.strip()]

    def number(self, option: str) -> float:
        """The option as a float.

        Raises:
            DockerValueError: the option is missing or not a number.
        """
        value = self.raw(option)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise self._error(option, f'{value!r} is not a number') from None

    def seconds(self, option: str) -> float:
        """A positive number of seconds.

        Raises:
            DockerValueError: the option is missing, not a number, or not above zero.
        """
        value = self.number(option)
        if value <= 0:
            raise self._error(option, f'{value:g} is not a positive number of seconds')
        return value

    def integer(self, option: str, minimum: int | None = None) -> int:
        """The option as an integer, at least ``minimum`` when given.

        Raises:
            DockerValueError: the option is missing, not an integer, or below ``minimum``.
        """
        value = self.raw(option)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise self._error(option, f'{value!r} is not an integer')
        try:
            number = int(value)
        except ValueError:
            raise self._error(option, f'{value!r} is not an integer') from None
        if minimum is not None and number < minimum:
            raise self._error(option, f'{number} is below the minimum {minimum}')
        return number

    def flag(self, option: str) -> bool:
        """The option as a yes/no value.

        Raises:
            DockerValueError: the option is missing or not one of yes/no/true/false/on/off/1/0.
        """
        value = self.raw(option)
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise self._error(option, f'{value!r} is not yes or no')

    def image(self) -> str:
        """The default test image's full name (``localhost:5000/dockertest/busybox:latest``)."""
        for option in ('docker_registry_host', 'docker_registry_user', 'docker_repo_name', 'docker_repo_tag'):
            self.raw(option)
        return DockerImage.full_name_from_defaults(self.config)
