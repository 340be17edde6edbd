"""SubSubtestCaller.failure_details: the verdict names each failed child's reason when a subtest asks."""

from __future__ import annotations

from dockertest import subtest, xceptions


def _caller(details: bool) -> subtest.SubSubtestCaller:
    caller = subtest.SubSubtestCaller.__new__(subtest.SubSubtestCaller)
    caller.failure_details = details
    err = xceptions.DockerTestFail('Image x is not listed\nCommand: docker tag ...')
    caller.exception_info = {
        'gone': ('postprocess', (xceptions.DockerTestFail, err, None)),
        'blank': ('run_once', (xceptions.DockerTestFail, xceptions.DockerTestFail(''), None)),
    }
    return caller


def test_names_only_by_default() -> None:
    assert _caller(False)._described('gone') == 'gone'


def test_the_reason_on_one_line_when_asked() -> None:
    caller = _caller(True)
    assert caller._described('gone') == 'gone (Image x is not listed Command: docker tag ...)'
    assert caller._described('blank') == 'blank (DockerTestFail)'
    assert caller._described('never_ran') == 'never_ran'


def test_a_long_reason_is_cut() -> None:
    caller = _caller(True)
    caller.exception_info['long'] = ('run_once', (ValueError, ValueError('x' * 700), None))
    assert caller._described('long') == f'long ({"x" * 599}…)'
