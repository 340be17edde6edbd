"""``-k EXPR``: choose subtests by words in their names, as pytest's ``-k`` does.

A word matches a name that contains it (case-insensitive); words combine with ``and``, ``or``,
``not`` and parentheses, with the usual precedence (``not`` binds tightest, then ``and``)::

    matches('kill or stop', 'docker_cli/kill')        # True
    matches('docker_cli and not run', 'docker_cli/run_simple')  # False
"""

from __future__ import annotations

__all__ = ['KeywordError', 'matches']


def _tokens(expr: str) -> list[str]:
    """The words and parentheses of ``expr`` (a parenthesis needs no blank around it)."""
    return expr.replace('(', ' ( ').replace(')', ' ) ').split()


class KeywordError(ValueError):
    """The expression cannot be parsed; the message says where."""


class _Parser:
    def __init__(self, expr: str, name: str) -> None:
        self.tokens = _tokens(expr)
        self.pos = 0
        self.name = name.lower()

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise KeywordError('the expression ends too early')
        self.pos += 1
        return token

    def any_of(self) -> bool:
        found = self.all_of()
        while self.peek() == 'or':
            self.take()
            found = self.all_of() or found
        return found

    def all_of(self) -> bool:
        found = self.negated()
        while self.peek() == 'and':
            self.take()
            found = self.negated() and found
        return found

    def negated(self) -> bool:
        if self.peek() == 'not':
            self.take()
            return not self.negated()
        token = self.take()
        if token == '(':
            found = self.any_of()
            if self.take() != ')':
                raise KeywordError('a parenthesis is not closed')
            return found
        if token in (')', 'and', 'or'):
            raise KeywordError(f'unexpected {token!r} at word {self.pos}')
        return token.lower() in self.name


def matches(expr: str, name: str) -> bool:
    """Whether ``name`` matches the ``-k`` expression ``expr``.

    Raises:
        KeywordError: ``expr`` is empty or malformed.
    """
    parser = _Parser(expr, name)
    if not parser.tokens:
        raise KeywordError('the expression is empty')
    found = parser.any_of()
    if parser.peek() is not None:
        raise KeywordError(f'unexpected {parser.peek()!r} at word {parser.pos + 1}')
    return found
