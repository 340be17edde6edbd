"""Running a setup command to completion: the core's runner, with failures as one HostError line."""

from __future__ import annotations

from collections.abc import Mapping

from ... import _core
from .errors import HostError

__all__ = ['run_tool']


def run_tool(
    cmd: list[str],
    missing: str,
    *,
    input: bytes | None = None,
    check: bool = True,
    timeout: float = 120.0,
    env: Mapping[str, str] | None = None,
) -> _core.CmdResult:
    """Run a setup command with the core's runner (output as text, ``env`` set on top of the inherited
    environment); HostError says ``missing`` when the program is not there, and names the command when
    it times out or (with ``check``) fails."""
    try:
        result = _core.run(cmd, stdin=input, timeout=timeout, env=dict(env) if env else None)
    except _core.CommandError as err:
        raise HostError(missing) from err
    if result.timed_out:
        raise HostError(f'{" ".join(cmd)} did not finish within {timeout:.0f} s')
    if check and result.exit_status != 0:
        raise HostError(f'{" ".join(cmd)} failed (exit {result.exit_status}): {result.stderr.strip()}')
    return result
