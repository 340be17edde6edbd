"""Keyval files: ``key=value`` lines, a key optionally tagged ``{perf}`` or ``{attr}`` (the original import
name is :mod:`autotest.client.shared.utils`)."""

from __future__ import annotations

import os
from typing import Any

__all__ = ['read_keyval', 'write_keyval']

#: The characters of a keyval key besides letters and digits.
_KEY_PUNCTUATION = frozenset('_-.')


def _is_key(key: str) -> bool:
    """Whether ``key`` is a keyval key: letters, digits, ``_``, ``-`` and ``.``, at least one."""
    return bool(key) and all(char.isalnum() or char in _KEY_PUNCTUATION for char in key)


def _is_tagged_key(key: str) -> bool:
    """Whether ``key`` is a key followed by ``{tag}``, the tag of letters, digits and ``_`` (``score{perf}``)."""
    stem, brace, rest = key.partition('{')
    tag = rest[:-1]
    return bool(brace and tag) and rest.endswith('}') and _is_key(stem) and all(c.isalnum() or c == '_' for c in tag)


def write_keyval(path: str, dictionary: dict[str, Any], type_tag: str | None = None) -> None:
    """Append ``key=value`` lines, sorted by key, to a keyval file.

    Args:
        path: the file, or a directory holding ``keyval``.
        dictionary: the values.
        type_tag: ``perf`` or ``attr``: keys are written as ``key{type_tag}``.

    Raises:
        ValueError: a key does not match ``^[-.\\w]+$`` or the type tag is unknown.
    """
    if os.path.isdir(path):
        path = os.path.join(path, 'keyval')
    if type_tag not in (None, 'attr', 'perf'):
        raise ValueError(f'Invalid type tag {type_tag!r} for keyval file {path}: use attr or perf')
    lines = []
    for key in sorted(dictionary):
        if not _is_key(str(key)):
            raise ValueError(f'Invalid key {key!r} for keyval file {path}: keys must match ^[-.\\w]+$')
        shown = f'{key}{{{type_tag}}}' if type_tag else key
        lines.append(f'{shown}={dictionary[key]}\n')
    with open(path, 'a', encoding='utf-8') as keyval:
        keyval.writelines(lines)


def read_keyval(path: str) -> dict[str, str]:
    """Read a keyval file (or a directory holding ``keyval``); a missing file gives ``{}``.

    Args:
        path: the file or directory.

    Returns:
        The values; a ``{perf}``/``{attr}`` suffix is kept in the key, later lines win.
    """
    if os.path.isdir(path):
        path = os.path.join(path, 'keyval')
    values: dict[str, str] = {}
    if not os.path.exists(path):
        return values
    with open(path, encoding='utf-8') as keyval:
        for number, line in enumerate(keyval, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            key, sep, value = line.partition('=')
            if not sep or not (_is_key(key) or _is_tagged_key(key)):
                raise ValueError(f'{path}, line {number}: invalid keyval line {line!r}')
            values[key] = value
    return values
