"""Unique names for engine objects."""

from __future__ import annotations

import re

import pytest

from dockertest import naming, xceptions


def test_names_are_lower_case_valid_and_distinct() -> None:
    names = {naming.unique_name('Test_Exec') for _ in range(200)}
    assert len(names) == 200
    assert all(re.fullmatch(r'test_exec_[a-z0-9]{8}', name) for name in names)


def test_is_free_is_asked_until_it_accepts() -> None:
    refused = []

    def is_free(name: str) -> bool:
        refused.append(name)
        return len(refused) > 2

    assert naming.unique_name('x', length=5, is_free=is_free) == refused[-1]
    assert len(refused) == 3


@pytest.mark.parametrize(
    ('prefix', 'length', 'message'),
    [('_bad', 8, "prefix '_bad'"), ('a b', 8, "prefix 'a b'"), ('ok', 3, 'length 3')],
)
def test_unusable_prefix_or_length(prefix, length, message) -> None:
    with pytest.raises(xceptions.DockerValueError, match=message):
        naming.unique_name(prefix, length)


def test_no_free_name() -> None:
    with pytest.raises(xceptions.DockerValueError, match='no free name with the prefix'):
        naming.unique_name('x', is_free=lambda _: False)
