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


def test_the_first_line_of_the_reason_when_asked() -> None:
    caller = _caller(True)
    assert caller._described('gone') == 'gone (Image x is not listed)'
    assert caller._described('blank') == 'blank (DockerTestFail)'
    assert caller._described('never_ran') == 'never_ran'
