"""Fixtures of the listing tests: stand-in docker clients, a fresh format probe, objects made on the daemon."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dockertest import _listing
from dockertest.xceptions import DockerTestError

CLI = Path(__file__).resolve().parent.parent / 'fixtures' / 'cli'
IMAGE = 'localhost:5000/dockertest/busybox:latest'


@pytest.fixture(autouse=True)
def fresh_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test probes its clients' ``--format '{{json .}}'`` support afresh."""
    monkeypatch.setattr(_listing, '_json_format', {})


@dataclass
class FakeDocker:
    """A stand-in ``docker_path``: a sh script that logs its arguments, one call per line."""

    path: str
    log: Path

    def calls(self) -> list[list[str]]:
        """The argument lists it was called with, in order."""
        return [shlex.split(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []


@pytest.fixture
def fake_docker(tmp_path: Path):
    """``fake_docker(script)``: a :class:`FakeDocker` running ``script`` after logging its arguments."""

    def make(script: str, name: str = 'fake-docker') -> FakeDocker:
        path, log = tmp_path / name, tmp_path / f'{name}.log'
        # Each call logs its words shell-quoted, so the test reads back exactly what was run.
        path.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s " "\'$a\'"; done >> {log}\necho >> {log}\n{script}\n')
        path.chmod(0o755)
        return FakeDocker(str(path), log)

    return make


@dataclass
class Daemon:
    """The real daemon through one docker client; removes what the test made at the end."""

    client: str
    made_images: list[str] = field(default_factory=list)
    made_containers: list[str] = field(default_factory=list)

    def run(self, *args: str, check: bool = True) -> str:
        """``docker <args>``; its stdout."""
        done = subprocess.run([self.client, *args], capture_output=True, text=True, timeout=60, check=False)
        if check and done.returncode != 0:
            raise DockerTestError(f'{self.client} {shlex.join(args)} failed: {done.stderr}')
        return done.stdout

    def image(self, name: str) -> str:
        """Tag the test image as ``name`` (remembered for removal); its id."""
        self.made_images.append(name)
        self.run('tag', IMAGE, name)
        return self.run('image', 'inspect', '--format={{.Id}}', name).strip()

    def container(self, name: str, *command: str, detach: bool = True) -> str:
        """``docker run [-d] --name name IMAGE command``; its id."""
        self.made_containers.append(name)
        self.run('run', *(['-d'] if detach else []), '--name', name, IMAGE, *command)
        return self.run('inspect', '--type=container', '--format={{.Id}}', name).strip()

    def cleanup(self) -> None:
        for name in self.made_containers:
            self.run('rm', '--force', '--volumes', name, check=False)
        for name in self.made_images:
            self.run('rmi', name, check=False)


@pytest.fixture
def daemon(docker_client: str) -> Iterator[Daemon]:
    """The daemon through ``docker_client``; what the test made is removed afterwards."""
    made = Daemon(docker_client)
    yield made
    made.cleanup()
