"""A small W3C WebDriver client over Debian's chromedriver and chromium, for the report's browser test.

It speaks the WebDriver HTTP protocol with the standard library, so nothing is downloaded: the
browser and the driver are the ones ``make browser`` installs. Chromium runs headless with the flags
that keep it off the network.
"""

from __future__ import annotations

import json
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from typing import Any

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
FLAGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1280,900',
]
ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class Browser:
    """A headless chromium session; use as a context manager."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.profile = tempfile.TemporaryDirectory(prefix='dockertest-chromium-')
        self.driver = subprocess.Popen(
            [CHROMEDRIVER, f'--port={self.port}'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.session = ''

    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f'http://127.0.0.1:{self.port}{path}', data=data, method=method)
        request.add_header('Content-Type', 'application/json')
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return json.loads(answer.read())['value']
        except urllib.error.HTTPError as err:
            raise RuntimeError(f'{method} {path}: {err.read().decode(errors="replace")[:500]}') from None

    def __enter__(self):
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call('GET', '/status').get('ready'):
                    break
            except (OSError, RuntimeError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError('chromedriver did not start')
            time.sleep(0.2)
        options = {'binary': CHROMIUM, 'args': [*FLAGS, f'--user-data-dir={self.profile.name}']}
        capabilities = {'alwaysMatch': {'browserName': 'chrome', 'goog:chromeOptions': options}}
        self.session = self._call('POST', '/session', {'capabilities': capabilities})['sessionId']
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.session:
                self._call('DELETE', f'/session/{self.session}')
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=20)
            self.profile.cleanup()

    def open(self, url: str) -> None:
        """Load ``url``."""
        self._call('POST', f'/session/{self.session}/url', {'url': url})

    def script(self, source: str, *args: Any) -> Any:
        """The value of ``source`` (a function body) run in the page."""
        return self._call('POST', f'/session/{self.session}/execute/sync', {'script': source, 'args': list(args)})

    def settled(self, source: str, expected: Any, timeout: float = 10.0) -> Any:
        """The value of ``source`` once it equals ``expected`` (the page reacts to some clicks in a
        later task, as ``hashchange`` does), or its last value after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        value = self.script(source)
        while value != expected and time.monotonic() < deadline:
            time.sleep(0.05)
            value = self.script(source)
        return value

    def click(self, css: str) -> None:
        """Click the first element matching the CSS selector ``css``."""
        found = self._call('POST', f'/session/{self.session}/element', {'using': 'css selector', 'value': css})
        self._call('POST', f'/session/{self.session}/element/{found[ELEMENT]}/click', {})
