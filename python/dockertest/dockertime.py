"""Timestamps in docker output as :class:`datetime` objects, read by the core (the original import name is
:mod:`dockertest.output`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from . import _core

__all__ = ['DockerTime']


class DockerTime(datetime):
    """A :class:`datetime` read from the first ISO timestamp in a string.

    Accepts ``…T…Z``/``z``, ``±HH:MM`` offsets and Go's ``2026-11-24 23:41:38.918 +0000 UTC``;
    fractions are truncated to microseconds.

    Raises:
        ValueError: No valid timestamp in the string.
    """

    class UTC(tzinfo):
        """The UTC time zone."""

        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return 'UTC'

    class UTCOffset(tzinfo):
        """A fixed offset from UTC written ``+HH:MM``, ``-HHMM`` or ``Z``."""

        def __init__(self, offset: str) -> None:
            self.offset_string = offset
            self._offset = timedelta(seconds=_core.parse_utc_offset(offset))

        def utcoffset(self, dt: datetime | None) -> timedelta:
            return self._offset

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return self.offset_string

    def __new__(cls, isostr: str, *fields: Any, **kwargs: Any):
        if fields or kwargs or not isinstance(isostr, str):
            # datetime's own methods (replace, astimezone...) build instances from fields; Python 3.12+
            # calls the subclass for that.
            return super().__new__(cls, isostr, *fields, **kwargs)
        year, month, day, hour, minute, second, micro, offset = _core.parse_docker_time(isostr)
        tz: tzinfo = cls.UTC() if offset == 0 else timezone(timedelta(seconds=offset))
        return super().__new__(cls, year, month, day, hour, minute, second, micro, tz)

    def is_undefined(self) -> bool:
        """True for docker's zero time, ``0001-01-01T00:00:00Z``."""
        return self.replace(tzinfo=None) == datetime(1, 1, 1)


#: Docker's zero time, ``0001-01-01T00:00:00Z``, as the original's ``DockerTime.UTC.EPOCH``.
DockerTime.UTC.EPOCH = datetime(1, 1, 1, tzinfo=DockerTime.UTC())  # type: ignore[attr-defined]
DockerTime.UTC.ZERO = timedelta(0)  # type: ignore[attr-defined]
