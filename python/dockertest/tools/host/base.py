"""What every step of the host shares: its settings, its status lines, the setup docker client and the
record of what ``up`` made (``<state>/made.json``)."""

from __future__ import annotations

import json
import sys

from ... import _core
from .commands import run_tool
from .errors import HostError
from .settings import Settings

__all__ = ['HostBase']


class HostBase:
    """The test host described by ``settings``, printing one status line per piece to ``out``."""

    def __init__(self, settings: Settings, out=None) -> None:
        self.settings = settings
        self.state = settings.state_dir
        self.out = out or sys.stdout
        self.changed: list[str] = []

    def say(self, piece: str, text: str) -> None:
        """Print one status line for ``piece``."""
        print(f'{piece:<10} {text}', file=self.out, flush=True)

    def made(self, piece: str, text: str) -> None:
        """Print and remember that ``up`` changed something."""
        self.changed.append(piece)
        self.say(piece, text)

    def docker(
        self, *args: str, input: bytes | None = None, check: bool = True, timeout: float = 120.0
    ) -> _core.CmdResult:
        """Run the setup docker client; a failure raises HostError naming the command."""
        missing = f'docker client {self.settings.docker!r} not found (set DOCKERTEST_DOCKER)'
        return run_tool([self.settings.docker, *args], missing, input=input, check=check, timeout=timeout)

    def _record(self) -> dict:
        path = self.state / 'made.json'
        if not path.exists():
            return {'images': {}}
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError) as err:
            raise HostError(f'{path}: unreadable record of what up made ({err}); remove it by hand') from err

    def _save_record(self, record: dict) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        tmp = self.state / 'made.json.tmp'
        tmp.write_text(json.dumps(record, indent=2, sort_keys=True))
        tmp.replace(self.state / 'made.json')
