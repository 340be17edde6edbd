"""``pip install .`` gives a working ``dockertest`` wheel, importable from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import json, dockertest, dockertest._core, autotest.client.shared.error
print(json.dumps({'version': dockertest.__version__, 'core': dockertest._core.__file__,
                  'autotest': autotest.__file__}))
"""


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_pip_install_provides_the_packages_and_commands(tmp_path: Path) -> None:
    venv = tmp_path / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / 'bin/python'), '-m', 'pip', 'install', '-q', str(REPO)], capture_output=True, text=True, check=False
    )
    assert pip.returncode == 0, pip.stderr[-3000:]

    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    probe = subprocess.run(
        [str(venv / 'bin/python'), '-c', PROBE], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    site = str(venv / 'lib')
    assert found['core'].startswith(site) and found['autotest'].startswith(site), found
    assert (
        found['version']
        == subprocess.run(
            [sys.executable, '-c', 'import dockertest; print(dockertest.__version__)'],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )

    for command in ('autotest-local', 'dockertest-host', 'dockertest-fault-docker'):
        helped = subprocess.run(
            [str(venv / 'bin' / command), '--help'], cwd=elsewhere, capture_output=True, text=True, check=False
        )
        # The fault client passes --help through to docker, which prints "Usage:".
        assert helped.returncode == 0 and 'usage:' in helped.stdout.lower(), (command, helped.stderr)
