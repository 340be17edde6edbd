"""The one error of host setup."""

from __future__ import annotations

__all__ = ['HostError']


class HostError(Exception):
    """A host-setup step failed; the message names the step and what to look at."""
