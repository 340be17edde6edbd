"""split_subargs: POSIX-shell-like splitting of legacy sub-arguments, without a shell."""

from __future__ import annotations

import pytest

from dockertest._core import split_subargs


@pytest.mark.parametrize(
    ('text', 'argv'),
    [
        ("/bin/sh -c 'echo hi'", ['/bin/sh', '-c', 'echo hi']),
        ("sh -c 'echo hello; exit 3'", ['sh', '-c', 'echo hello; exit 3']),
        ('--name "two words" --rm', ['--name', 'two words', '--rm']),
        (r'a\ b "x\"y"', ['a b', 'x"y']),
        ('', []),
    ],
)
def test_splits(text, argv):
    assert split_subargs(text) == argv


@pytest.mark.parametrize('text', ['echo hi | cat', 'a; b', 'echo $HOME', 'ls *', "sh -c 'open"])
def test_rejects_shell_features(text):
    with pytest.raises(ValueError, match='cannot split'):
        split_subargs(text)
