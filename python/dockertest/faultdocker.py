"""A fault-injecting docker client, for the negative controls of subtests.

Used as ``docker_path``, it passes every command through to the real client and, for the commands a
rule matches, changes one behaviour:

- ``exit_code``: the real command runs, its output is kept, the exit status is replaced;
- ``drop_lines``: output lines matching a regular expression are dropped;
- ``replace``: ``[old, new]`` text replaced in the output, line by line;
- ``hang``: the command never finishes (it sleeps until it is killed) and docker is not run;
- ``remove_image``: after the real command succeeds, the image it named is removed behind its back
  (``pull``/``push``/``rmi`` NAME, ``tag`` SOURCE TARGET, ``commit`` ... NAME, ``import`` ... NAME,
  ``build -t NAME``), so the engine seems to have reported a success it did not keep.

Rules come from ``DOCKERTEST_FAULT`` (JSON: one rule object or a list of them) or from the file named
by ``DOCKERTEST_FAULT_FILE``. A rule's ``match`` is a list of words: the first is the docker
subcommand, and every other word must appear among the arguments. ``stream`` is ``stdout`` (the
default), ``stderr`` or ``both``. The real client is ``DOCKERTEST_REAL_DOCKER`` (default
``/usr/bin/docker``). Each rule that fires appends a line to ``DOCKERTEST_FAULT_LOG`` when set, so a
test can prove the fault was injected.

Output is passed on line by line as the real client prints it, so a streaming command (``events``,
``attach``, ``logs -f``) shows its edited lines while it runs, and what it printed before it was killed
stays printed.

Run it as ``python -m dockertest.faultdocker`` or as the ``dockertest-fault-docker`` command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ['FaultError', 'Rule', 'load_rules', 'main', 'named_image', 'subcommand']

ACTIONS = ('exit_code', 'drop_lines', 'replace', 'hang', 'remove_image')
# Global options of the docker client that take a value, so the subcommand can be found after them.
VALUED_GLOBALS = {
    '-H',
    '--host',
    '--config',
    '--context',
    '-c',
    '-l',
    '--log-level',
    '--tlscacert',
    '--tlscert',
    '--tlskey',
}


class FaultError(ValueError):
    """A malformed fault rule; the message names the rule and the field."""


@dataclass
class Rule:
    """One fault: which commands it matches and what it does to them."""

    match: list[str]
    exit_code: int | None = None
    drop_lines: str | None = None
    replace: list[str] = field(default_factory=list)
    hang: bool = False
    remove_image: bool = False
    stream: str = 'stdout'

    def matches(self, argv: Sequence[str]) -> bool:
        """Whether the docker arguments ``argv`` (without the program name) are a command this rule targets."""
        sub, rest = subcommand(argv)
        return sub == self.match[0] and all(word in rest for word in self.match[1:])


def subcommand(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """The docker subcommand in ``argv`` and the arguments after it."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in VALUED_GLOBALS:
            i += 2
        elif arg.startswith('-'):
            i += 1
        else:
            return arg, list(argv[i + 1 :])
    return None, []


def named_image(argv: Sequence[str]) -> str | None:
    """The image a successful command leaves behind (or acts on), where the command names one."""
    sub, rest = subcommand(argv)
    words = [w for w in rest if not w.startswith('-')]
    if sub == 'build':
        for i, word in enumerate(rest):
            if word in ('-t', '--tag') and i + 1 < len(rest):
                return rest[i + 1]
            if word.startswith(('-t=', '--tag=')):
                return word.split('=', 1)[1]
        return None
    if sub in ('pull', 'push', 'rmi') and words:
        return words[0]
    if sub in ('tag', 'commit', 'import') and words:
        return words[-1]
    return None


def _rule(raw: object, index: int) -> Rule:
    where = f'fault rule #{index}'
    if not isinstance(raw, dict):
        raise FaultError(f'{where}: a rule is a JSON object, not {type(raw).__name__}')
    unknown = set(raw) - {'match', 'stream', *ACTIONS}
    if unknown:
        raise FaultError(
            f'{where}: unknown field(s) {", ".join(sorted(unknown))}; known: match, stream, ' + ', '.join(ACTIONS)
        )
    match = raw.get('match')
    if not (isinstance(match, list) and match and all(isinstance(w, str) for w in match)):
        raise FaultError(f'{where}: "match" must be a non-empty list of words, the docker subcommand first')
    # exit_code 0 is a fault (a failure reported as a success); 0 == False, so test it apart.
    if raw.get('exit_code') is None and not any(raw.get(a) not in (None, False, []) for a in ACTIONS):
        raise FaultError(f'{where}: no fault given; set one of ' + ', '.join(ACTIONS))
    rule = Rule(
        match=match,
        exit_code=raw.get('exit_code'),
        drop_lines=raw.get('drop_lines'),
        replace=raw.get('replace') or [],
        hang=bool(raw.get('hang')),
        remove_image=bool(raw.get('remove_image')),
        stream=raw.get('stream', 'stdout'),
    )
    if rule.exit_code is not None and not isinstance(rule.exit_code, int):
        raise FaultError(f'{where}: "exit_code" must be an integer')
    if rule.replace and not (len(rule.replace) == 2 and all(isinstance(x, str) for x in rule.replace)):
        raise FaultError(f'{where}: "replace" must be [old, new]')
    if rule.stream not in ('stdout', 'stderr', 'both'):
        raise FaultError(f'{where}: "stream" must be stdout, stderr or both')
    if rule.drop_lines is not None:
        try:
            re.compile(rule.drop_lines)
        except re.error as err:
            raise FaultError(f'{where}: "drop_lines" is not a regular expression: {err}') from err
    return rule


def load_rules(env: dict[str, str] | None = None) -> list[Rule]:
    """The rules from ``DOCKERTEST_FAULT`` or ``DOCKERTEST_FAULT_FILE``."""
    env = os.environ if env is None else env
    text, source = env.get('DOCKERTEST_FAULT'), 'DOCKERTEST_FAULT'
    if not text and env.get('DOCKERTEST_FAULT_FILE'):
        source = env['DOCKERTEST_FAULT_FILE']
        try:
            with open(source, encoding='utf-8') as handle:
                text = handle.read()
        except OSError as err:
            raise FaultError(f'{source}: cannot read the fault rules: {err.strerror}') from err
    if not text:
        return []
    try:
        raw = json.loads(text)
    except ValueError as err:
        raise FaultError(f'{source}: not JSON: {err}') from err
    return [_rule(item, i) for i, item in enumerate(raw if isinstance(raw, list) else [raw], 1)]


def _edit(text: str, rule: Rule) -> str:
    if rule.drop_lines is not None:
        pattern = re.compile(rule.drop_lines)
        text = ''.join(line for line in text.splitlines(True) if not pattern.search(line))
    if rule.replace:
        text = text.replace(rule.replace[0], rule.replace[1])
    return text


def _relay(source, sink, rule: Rule | None) -> None:
    """Copy ``source`` to ``sink`` line by line as it comes, editing each line with ``rule``."""
    for line in iter(source.readline, ''):
        sink.write(_edit(line, rule) if rule else line)
        sink.flush()


def _log(env: dict[str, str], rule: Rule, argv: Sequence[str]) -> None:
    path = env.get('DOCKERTEST_FAULT_LOG')
    if path:
        with open(path, 'a', encoding='utf-8') as handle:
            handle.write(json.dumps({'match': rule.match, 'argv': list(argv)}) + '\n')


def main(argv: Sequence[str] | None = None) -> int:
    """Run one docker command through the fault rules; returns its (possibly altered) exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ)
    real = env.get('DOCKERTEST_REAL_DOCKER', '/usr/bin/docker')
    try:
        rules = load_rules(env)
    except FaultError as err:
        print(f'dockertest-fault-docker: {err}', file=sys.stderr)
        return 125
    rule = next((r for r in rules if r.matches(argv)), None)
    if not os.access(real, os.X_OK):
        print(
            f'dockertest-fault-docker: the real docker client {real!r} is not an executable '
            '(set DOCKERTEST_REAL_DOCKER)',
            file=sys.stderr,
        )
        return 127
    if rule is None:
        os.execv(real, [real, *argv])
    _log(env, rule, argv)
    if rule.hang:
        while True:
            time.sleep(3600)
    proc = subprocess.Popen([real, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    relays = [
        threading.Thread(target=_relay, args=(proc.stdout, sys.stdout, rule if rule.stream != 'stderr' else None)),
        threading.Thread(target=_relay, args=(proc.stderr, sys.stderr, rule if rule.stream != 'stdout' else None)),
    ]
    for relay in relays:
        relay.start()
    for relay in relays:
        relay.join()
    proc.wait()
    if rule.remove_image and proc.returncode == 0:
        image = named_image(argv)
        if image:
            subprocess.run([real, 'rmi', image], capture_output=True, check=False)
    return proc.returncode if rule.exit_code is None else rule.exit_code


if __name__ == '__main__':
    sys.exit(main())
