"""Helpers of the container lifecycle subtest tests (start, stop, restart, kill, top, wait).

A ``config_custom`` section replaces the bundled one as a whole, so :func:`custom_ini` copies the
bundled file of a subtest and changes only the options asked for.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLIENTS = [client for client in ('/usr/bin/docker', '/usr/local/bin/docker') if Path(client).exists()]


def custom_ini(name: str, changes: dict[str, dict[str, str]]) -> dict[str, str]:
    """``custom=`` files for the runner: ``docker_cli/<name>.ini`` with ``{section: {option: value}}`` applied.

    A section suffix is given relative to the subtest: ``''`` is ``[docker_cli/<name>]``, ``'force'`` is
    ``[docker_cli/<name>/force]``. An option missing from its section is added; a missing section is added.
    """
    base = f'docker_cli/{name}'
    wanted = {(f'{base}/{suffix}' if suffix else base): dict(options) for suffix, options in changes.items()}
    out: list[str] = []
    section = None

    def flush() -> None:
        for option, value in wanted.pop(section, {}).items():
            out.append(f'{option} = {value}')

    for line in (REPO / 'config_defaults' / 'subtests' / 'docker_cli' / f'{name}.ini').read_text().splitlines():
        if line.startswith('['):
            flush()
            section = line.strip()[1:-1]
        elif section in wanted and '=' in line and not line.startswith('#'):
            option = line.split('=', 1)[0].strip()
            if option in wanted[section]:
                line = f'{option} = {wanted[section].pop(option)}'
        out.append(line)
    flush()
    for section_name, options in wanted.items():
        out.append(f'[{section_name}]')
        out.extend(f'{option} = {value}' for option, value in options.items())
    return {f'{name}.ini': '\n'.join(out) + '\n'}


def soak(subtest_runner, args: str, runs: int = 20, **kwargs) -> list[str]:
    """Run ``args`` ``runs`` times in a row; the (run number, status, message) of each run that was not GOOD."""
    failures = []
    for number in range(1, runs + 1):
        run = subtest_runner(args, **kwargs)
        status, message = run.result(args)
        if status != 'GOOD' or run.garbage():
            failures.append(f'run {number}: {status} {message} {run.garbage()}\n{run.console[-3000:]}')
    return failures
