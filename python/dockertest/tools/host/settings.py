"""Where the test host keeps its state and which loopback addresses it serves on."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dockertest

from .errors import HostError

__all__ = ['IMAGE_REPO', 'IMAGE_TAGS', 'Settings']

IMAGE_REPO = 'dockertest/busybox'
IMAGE_TAGS = ('latest', 'extra')


def _default_state_dir() -> Path:
    checkout = Path(dockertest.__file__).resolve().parents[2]
    if (checkout / 'Cargo.toml').is_file() and (checkout / 'python' / 'dockertest').is_dir():
        return checkout / '.state' / 'host'
    return Path('/var/lib/dockertest')


@dataclass(frozen=True)
class Settings:
    """Where the host keeps its state and which addresses it serves on."""

    state_dir: Path
    registry_port: int
    http_port: int
    storage_driver: str
    docker: str
    socket_path: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default ``os.environ``), with the documented defaults."""
        env = os.environ if env is None else env

        def port(name: str, default: int) -> int:
            text = env.get(name, str(default))
            if not text.isdigit() or not 0 < int(text) < 65536:
                raise HostError(f'{name}={text!r} is not a TCP port number (1-65535)')
            return int(text)

        return cls(
            state_dir=Path(env.get('DOCKERTEST_STATE_DIR') or _default_state_dir()).absolute(),
            registry_port=port('DOCKERTEST_REGISTRY_PORT', 5000),
            http_port=port('DOCKERTEST_HTTP_PORT', 5080),
            storage_driver=env.get('DOCKERTEST_STORAGE_DRIVER', 'vfs'),
            docker=env.get('DOCKERTEST_DOCKER')
            or ('/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'),
            socket_path=env.get('DOCKERTEST_SOCKET', '/var/run/docker.sock'),
        )

    @property
    def image_names(self) -> list[str]:
        """The fully qualified names of the test image, one per tag."""
        return [f'localhost:{self.registry_port}/{IMAGE_REPO}:{tag}' for tag in IMAGE_TAGS]

    @property
    def busybox_url(self) -> str:
        """The loopback URL of the static busybox served for the build subtest."""
        return f'http://127.0.0.1:{self.http_port}/busybox'
