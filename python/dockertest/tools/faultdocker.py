"""A fault-injecting docker client, for the negative controls of subtests.

Used as ``docker_path``, it passes every command through to the real client and, for the commands a
rule matches, changes one behaviour:

- ``exit_code``: the real command runs, its output is kept, the exit status is replaced;
- ``drop_lines``: output lines matching a regular expression are dropped;
- ``replace``: ``[old, new]`` text replaced in the output, line by line (``["", text]`` puts ``text``
  into an output that is empty);
- ``hang``: the command never finishes (it sleeps until it is killed) and docker is not run;
- ``remove_image``: after the real command succeeds, the image it named is removed behind its back
  (``pull``/``push``/``rmi`` NAME, ``tag`` SOURCE TARGET, ``commit`` ... NAME, ``import`` ... NAME,
  ``build -t NAME``), so the engine seems to have reported a success it did not keep;
- ``pretend``: docker is not run; the command prints nothing (or what ``replace`` injects) and exits
  0 (or ``exit_code``), so the engine seems to have done what it never did (a ``pause`` that froze
  nothing);
- ``args_replace``: ``[old, new]`` text replaced in every argument after the subcommand before the
  real client runs, so the engine does something else than it is asked and reports it (a
  ``--publish`` to another container port);
- ``tar_drop``: after the real command succeeds, the members whose name matches a regular
  expression are left out of the tar it wrote with ``--output``/``-o`` (``export``, ``save``), as
  an engine that loses files from an archive would.

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
import tarfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    'ACTIONS',
    'VALUED_GLOBALS',
    'FaultError',
    'Rule',
    'drop_from_tar',
    'load_rules',
    'main',
    'named_image',
    'output_file',
    'rewritten_args',
    'subcommand',
]

ACTIONS = ('exit_code', 'drop_lines', 'replace', 'hang', 'remove_image', 'pretend', 'args_replace', 'tar_drop')
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
    pretend: bool = False
    args_replace: list[str] = field(default_factory=list)
    tar_drop: str | None = None

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
        pretend=bool(raw.get('pretend')),
        args_replace=raw.get('args_replace') or [],
        tar_drop=raw.get('tar_drop'),
    )
    _check(rule, where)
    return rule


def _check(rule: Rule, where: str) -> None:
    """Raise FaultError naming the first malformed field of ``rule``."""
    if rule.exit_code is not None and not isinstance(rule.exit_code, int):
        raise FaultError(f'{where}: "exit_code" must be an integer')
    for name in ('replace', 'args_replace'):
        pair = getattr(rule, name)
        if pair and not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise FaultError(f'{where}: "{name}" must be [old, new]')
    if rule.args_replace and not rule.args_replace[0]:
        raise FaultError(f'{where}: "args_replace" must replace a non-empty text')
    if rule.stream not in ('stdout', 'stderr', 'both'):
        raise FaultError(f'{where}: "stream" must be stdout, stderr or both')
    for name in ('drop_lines', 'tar_drop'):
        pattern = getattr(rule, name)
        if pattern is None:
            continue
        if not isinstance(pattern, str):
            raise FaultError(f'{where}: "{name}" must be a regular expression (a string)')
        try:
            re.compile(pattern)
        except re.error as err:
            raise FaultError(f'{where}: "{name}" is not a regular expression: {err}') from err


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
    if rule.replace and (rule.replace[0] or not text):
        text = text.replace(rule.replace[0], rule.replace[1])
    return text


def rewritten_args(argv: Sequence[str], rule: Rule) -> list[str]:
    """``argv`` with ``rule.args_replace`` applied to every argument after the subcommand."""
    if not rule.args_replace:
        return list(argv)
    _, rest = subcommand(argv)
    head = list(argv[: len(argv) - len(rest)])
    old, new = rule.args_replace
    return head + [arg.replace(old, new) for arg in rest]


def output_file(argv: Sequence[str]) -> str | None:
    """The file a command writes with ``--output``/``-o`` (``export``, ``save``), if it names one."""
    _, rest = subcommand(argv)
    for i, word in enumerate(rest):
        if word in ('-o', '--output') and i + 1 < len(rest):
            return rest[i + 1]
        if word.startswith('--output='):
            return word.split('=', 1)[1]
    return None


def drop_from_tar(path: str, pattern: str) -> int:
    """Rewrite the tar at ``path`` without the members whose name matches ``pattern``; how many went."""
    regex = re.compile(pattern)
    kept = path + '.fault-kept'
    dropped = 0
    with tarfile.open(path) as source, tarfile.open(kept, 'w') as sink:
        for member in source.getmembers():
            if regex.search(member.name):
                dropped += 1
                continue
            sink.addfile(member, source.extractfile(member) if member.isfile() else None)
    os.replace(kept, path)
    return dropped


def _relay(source, sink, rule: Rule | None) -> None:
    """Copy ``source`` to ``sink`` line by line as it comes, editing each line with ``rule``.

    A stream that stays empty is edited as the empty text, so ``replace: ["", "text"]`` injects
    ``text`` into a command that prints nothing.
    """
    seen = False
    for line in iter(source.readline, ''):
        seen = True
        sink.write(_edit(line, rule) if rule else line)
        sink.flush()
    if not seen and rule:
        sink.write(_edit('', rule))
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
    if rule.pretend:
        sys.stdout.write(_edit('', rule))
        return 0 if rule.exit_code is None else rule.exit_code
    argv = rewritten_args(argv, rule)
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
    target = output_file(argv)
    if rule.tar_drop is not None and proc.returncode == 0 and target:
        drop_from_tar(target, rule.tar_drop)
    return proc.returncode if rule.exit_code is None else rule.exit_code


if __name__ == '__main__':
    sys.exit(main())
