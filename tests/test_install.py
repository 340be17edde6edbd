"""The release wheel installed into a fresh venv runs the bundled suite from any directory.

The wheel is ``$DOCKERTEST_WHEEL`` when set (``make check`` builds it once, in ``make wheel``, and
shares it with ``make test-pythons``), else one built here. Both commands of an installed package run
the bundled suite from a directory outside the repository, and the install tree is not written.
"""

from __future__ import annotations

import json
import os
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


@pytest.fixture(scope='module')
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get('DOCKERTEST_WHEEL')
    if named:
        return Path(named)
    out = tmp_path_factory.mktemp('wheel')
    maturin = Path(sys.executable).parent / 'maturin'
    subprocess.run([str(maturin), 'build', '-q', '--release', '--out', str(out)], cwd=REPO, check=True)
    return next(out.glob('*.whl'))


@pytest.fixture(scope='module')
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp('installed') / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
    pip = [str(venv / 'bin/python'), '-m', 'pip', 'install', '-q', '--no-deps', str(wheel)]
    done = subprocess.run(pip, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return venv


def installed_tree(venv: Path) -> dict[str, float]:
    """Every file of the installed packages, with its modification time."""
    site = next((venv / 'lib').glob('python*/site-packages'))
    return {
        str(path): path.stat().st_mtime
        for package in ('dockertest', 'autotest')
        for path in (site / package).rglob('*')
    }


def command(venv: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('DOCKERTEST_SUITE', 'DOCKERTEST_CONFIG'))}
    env.pop('PYTHONPATH', None)
    env['PATH'] = f'{venv / "bin"}:{env["PATH"]}'
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_the_wheel_provides_the_packages_and_commands(venv: Path, tmp_path: Path) -> None:
    probe = command(venv, tmp_path, str(venv / 'bin/python'), '-c', PROBE)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    site = str(venv / 'lib')
    assert found['core'].startswith(site) and found['autotest'].startswith(site), found
    here = subprocess.run(
        [sys.executable, '-c', 'import dockertest; print(dockertest.__version__)'],
        capture_output=True,
        text=True,
        check=True,
    )
    assert found['version'] == here.stdout.strip()
    for name in ('autotest-local', 'dockertest-host', 'dockertest-fault-docker', 'dockertest'):
        helped = command(venv, tmp_path, str(venv / 'bin' / name), '--help')
        # The fault client passes --help through to docker, which prints "Usage:".
        assert helped.returncode == 0 and 'usage:' in helped.stdout.lower(), (name, helped.stderr)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_the_installed_suite_runs_from_another_directory(venv: Path, tmp_path: Path) -> None:
    before = installed_tree(venv)
    assert any(p.endswith('dockertest/suite/control') for p in before)
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()

    classic = command(venv, elsewhere, 'autotest-local', 'run', 'docker', '--args=example')
    assert classic.returncode == 0, classic.stdout[-3000:] + classic.stderr
    status = json.loads((elsewhere / 'results/default/status.json').read_text(encoding='utf-8'))
    assert [(t['name'], t['status']) for t in status['tests']] == [('docker/subtests/example.test_1-of-1', 'GOOD')]

    dry = command(venv, elsewhere, 'autotest-local', 'run', 'docker', '--args=!!!', '--tag', 'dry')
    assert dry.returncode == 0 and 'docker_cli/version' in dry.stdout and 'example' in dry.stdout, dry.stderr

    custom = tmp_path / 'my-config'
    custom.mkdir()
    (custom / 'example.ini').write_text('[example]\niterations = 1\nexample_value = from-my-config\n', 'utf-8')
    new = command(venv, elsewhere, 'dockertest', 'run', 'example', '--config-custom', str(custom))
    assert new.returncode == 0, new.stdout[-3000:] + new.stderr
    assert '[1/1] example GOOD' in new.stdout
    latest = elsewhere / 'results/latest'
    assert 'from-my-config' in (latest / 'debug/client.INFO').read_text(encoding='utf-8')
    assert (latest / 'report.html').is_file() and (latest / 'junit.xml').is_file()

    assert installed_tree(venv) == before, 'the installed package wrote into its own tree'
