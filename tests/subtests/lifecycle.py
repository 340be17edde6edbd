"""``config_custom`` files for the container lifecycle subtest tests (start, stop, restart, kill, top, wait)."""

from __future__ import annotations

from dockercli_support import INI_DIR


def edited_ini(name: str, *replacements: tuple[str, str]) -> dict[str, str]:
    """``custom=`` files: the bundled ``docker_cli/<name>.ini`` with each ``(old, new)`` applied once, in order.

    A custom section replaces the bundled one as a whole, so the whole file is copied. Each ``old`` must occur.
    """
    text = (INI_DIR / f'{name}.ini').read_text()
    for old, new in replacements:
        assert old in text, f'{old!r} is not in {name}.ini'
        text = text.replace(old, new, 1)
    return {f'{name}.ini': text}
