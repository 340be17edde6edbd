"""Checks shared by the tests of the docker_cli subtests (imported by the test modules beside it)."""

from __future__ import annotations

from pathlib import Path

INI_DIR = Path(__file__).resolve().parents[2] / 'config_defaults' / 'subtests' / 'docker_cli'


def bundled_ini(name: str, old: str, new: str) -> str:
    """The bundled ``docker_cli/<name>.ini`` with ``old`` (which must occur) replaced by ``new``."""
    text = (INI_DIR / f'{name}.ini').read_text()
    assert old in text, f'{old!r} is not in {name}.ini'
    return text.replace(old, new)


def assert_good(run, name: str) -> None:
    """The subtest passed and left nothing behind."""
    assert run.result(name) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


def assert_caught(run, name: str, message: str, status: str = 'FAIL', child: str | None = None) -> None:
    """The injected fault fired, the subtest ended in ``status`` with ``message`` in its reason (given
    for the sub-subtest ``child`` when named), and it left nothing behind."""
    got, text = run.result(name)
    assert got == status, run.console[-4000:]
    assert message in text, text
    if child:
        assert f'{child} (' in text, text
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []
