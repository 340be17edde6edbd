"""Step 5 of ``up``: a static busybox served over loopback HTTP, for the build subtest."""

from __future__ import annotations

import shutil
import sys

from ...registry import get as http_get
from .errors import HostError
from .image import BUSYBOX
from .processes import Processes

__all__ = ['FileServerStep']


class FileServerStep(Processes):
    """``<state>/www`` served by Python's ``http.server`` on 127.0.0.1 at the HTTP port."""

    def http_answers(self) -> bool:
        """True when the loopback file server hands out the static busybox."""
        status, body = http_get(self.settings.busybox_url, timeout=2.0)
        return status == 200 and len(body) == BUSYBOX.stat().st_size

    def ensure_http(self) -> None:
        """Serve ``<state>/www`` (holding a static busybox) on the loopback HTTP port."""
        www = self.state / 'www'
        www.mkdir(parents=True, exist_ok=True)
        if not (www / 'busybox').is_file():
            shutil.copy2(BUSYBOX, www / 'busybox')
        if self.http_answers():
            self.say('http', f'ok: {self.settings.busybox_url}')
            return
        status, _ = http_get(self.settings.busybox_url, timeout=1.0)
        if status:
            raise HostError(
                f'http: 127.0.0.1:{self.settings.http_port} answers but does not serve busybox '
                f'(HTTP {status}); set DOCKERTEST_HTTP_PORT to a free port'
            )
        argv = [
            sys.executable,
            '-m',
            'http.server',
            str(self.settings.http_port),
            '--bind',
            '127.0.0.1',
            '--directory',
            str(www),
        ]
        self.spawn('http', argv, self.http_answers, f'file server at {self.settings.busybox_url}')
