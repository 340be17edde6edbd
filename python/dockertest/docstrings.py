"""The titled sections of a subtest's module docstring (**Summary**, **Operational Summary**, ...).

A title is a non-blank line underlined on the next line by one punctuation character repeated at least
three times (reStructuredText's rule). The documentation checker (:mod:`dockertest.tools.documentation`)
and the ``dockertest`` command's listing both read docstrings here.
"""

from __future__ import annotations

import inspect

__all__ = ['SECTIONS', 'docstring_sections', 'is_underline']

SECTIONS = ('Summary', 'Operational Summary', 'Prerequisites', 'Configuration')
"""The docstring sections every subtest module must have, in the order they are shown."""

#: The characters a title may be underlined with.
_UNDERLINE_CHARS = frozenset('-=~^"\'`+*#:.')


def is_underline(line: str) -> bool:
    """Whether ``line`` underlines a title: one of :data:`_UNDERLINE_CHARS`, three times or more, then blanks."""
    mark = line.rstrip()
    return len(mark) >= 3 and mark[0] in _UNDERLINE_CHARS and mark == mark[0] * len(mark)


def docstring_sections(text: str) -> dict[str, str]:
    """Split a module docstring into its titled sections.

    A title is a non-blank line underlined on the next line by one repeated punctuation character
    (at least three of them). Text before the first title is dropped.

    Args:
        text: the docstring.

    Returns:
        Title to the section's text (dedented, stripped), in docstring order.
    """
    lines = inspect.cleandoc(text).splitlines()
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    i = 0
    while i < len(lines):
        if lines[i].strip() and i + 1 < len(lines) and is_underline(lines[i + 1]):
            current = sections.setdefault(' '.join(lines[i].split()), [])
            i += 2
            continue
        if current is not None:
            current.append(lines[i])
        i += 1
    return {title: '\n'.join(body).strip('\n') for title, body in sections.items()}
