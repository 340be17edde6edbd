"""Shared fixtures: the Docker daemon gate and the docker clients under test.

Tests marked ``daemon`` need a Docker daemon. Without one they are skipped with a loud reason, and the
run ends with a summary line counting them. With ``DOCKERTEST_REQUIRE_DAEMON=1`` (set by ``make check``
and so by CI) a missing daemon fails those tests instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dockertest.host import Settings, daemon_answers

REPO = Path(__file__).resolve().parents[1]
DOCKER_CLIENTS = ('/usr/bin/docker', '/usr/local/bin/docker')
_daemon_skips: list[str] = []


def _require_daemon() -> bool:
    return os.environ.get('DOCKERTEST_REQUIRE_DAEMON', '') not in ('', '0')


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Gate every test marked ``daemon`` on a daemon answering on the socket."""
    if item.get_closest_marker('daemon') is None:
        return
    sock = Settings.from_env().socket_path
    if daemon_answers(sock):
        return
    reason = f'NO DOCKER DAEMON answers on {sock}: daemon test skipped (run `make host-up` to start one)'
    if _require_daemon():
        pytest.fail(f'{reason}; DOCKERTEST_REQUIRE_DAEMON is set, so this is a failure', pytrace=False)
    _daemon_skips.append(item.nodeid)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first: with pytest-xdist (make check) they then do not end the run alone."""
    items.sort(key=lambda item: item.get_closest_marker('slow') is None)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say loudly, at the end of the run, how many daemon tests did not run."""
    if _daemon_skips:
        terminalreporter.write_sep('!', f'{len(_daemon_skips)} DAEMON TESTS SKIPPED: no Docker daemon', red=True)


@pytest.fixture(params=[c for c in DOCKER_CLIENTS if shutil.which(c)] or ['docker'])
def docker_client(request: pytest.FixtureRequest) -> str:
    """Each docker client installed on the machine: Debian's 20.10 and a newer one, where present."""
    return request.param


@pytest.fixture
def make_subtest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Build live Subtests on a real autotest job rooted in ``tmp_path``.

    ``make_subtest(ini)`` writes a suite with the bundled DEFAULTS and ``ini`` (the text of the
    subtest's own section, ``[probe]``), then returns a ``dockertest.subtest.Subtest`` named ``probe``.
    """
    from types import SimpleNamespace

    from autotest.client import job as client_job
    from dockertest import config, subtest

    suite = tmp_path / 'suite'
    (suite / 'config_defaults').mkdir(parents=True)
    (suite / 'subtests' / 'probe').mkdir(parents=True)
    shutil.copy(REPO / 'control', suite / 'control')
    shutil.copy(REPO / 'config_defaults' / 'defaults.ini', suite / 'config_defaults' / 'defaults.ini')
    (suite / 'subtests' / 'probe' / 'probe.py').write_text('')
    monkeypatch.setenv('DOCKERTEST_SUITE_DIR', str(suite))

    def make(ini: str = '', cls: type | None = None):
        (suite / 'config_defaults' / 'probe.ini').write_text(f'[probe]\n{ini}\n')
        config.Config.clear_cache()
        options = SimpleNamespace(output_dir=str(tmp_path / 'out'), args=None, cont=False, tag=None)
        the_job = client_job.job(str(suite / 'control'), options)
        outputdir = Path(the_job.resultdir) / 'probe'
        return (cls or subtest.Subtest)(the_job, str(suite / 'subtests' / 'probe'), str(outputdir))

    yield make
    config.Config.clear_cache()
