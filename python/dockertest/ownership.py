"""What a job owns on a shared engine: labels, job-unique names and the record of its commands.

A job (one ``autotest-local`` run of the suite) has an id, made when it starts and kept in its
state. The control file puts the job's context in the environment, so the command layer
(:mod:`dockertest.dockercmd`) of every subtest process sees it:

- ``DOCKERTEST_JOB_ID``: the job id;
- ``DOCKERTEST_JOB_SUBTEST``: the subtest running now (``docker_cli/tag``);
- ``DOCKERTEST_JOB_RECORD``: the record file, ``ownership.jsonl`` in the results directory.

Every docker command of a subtest then

- carries the labels ``dockertest.job=<job id>`` and ``dockertest.subtest=<subtest>`` when it creates
  something that takes labels: ``run``, ``create``, ``build``, ``volume create``, ``network create``,
  podman's ``pod create`` (``--label``), ``commit`` and ``import`` (``--change 'LABEL ...'``), also in their ``container``
  and ``image`` forms. A command built with ``job_label=False`` is left as written, for a subtest that
  tests labels themselves;
- is appended to the record (one JSON line: the subtest and the words after the global options)
  before it runs; once a ``build`` has finished, the ids of the step images and containers its
  output names are recorded too (the classic builder labels only the final image, so a failed
  build's steps are known by these ids alone). The record names what labels cannot mark: the names a job's ``tag``, ``pull``,
  ``build -t``, ``commit``, ``import`` and ``run --name`` made (:func:`created_names`), and which
  objects a subtest's commands removed, stopped, renamed or overwrote (:func:`mentions`).

A third label, ``dockertest.owner=<job id>/<subtest>`` (:func:`owner_label`), goes with those two:
the garbage check lists a subtest's objects by this one filter, because podman 4 lists the volumes
and images matching *any* of several ``label=`` filters, where docker lists those matching all.
``commit`` and ``import`` get one ``--change 'LABEL key=value'`` per label: podman 4 reads
``LABEL a=1 b=2`` as the one label ``a`` with the value ``1 b=2``.

Names made by the framework's unique-name helpers carry :func:`name_part`, a job-unique word.
Outside a job (no ``DOCKERTEST_JOB_ID``), nothing is added or recorded.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from . import _core

__all__ = [
    'ENV_JOB',
    'ENV_RECORD',
    'ENV_SUBTEST',
    'JOB_LABEL',
    'OWNER_LABEL',
    'SUBTEST_LABEL',
    'Context',
    'Recorded',
    'created_names',
    'current',
    'full_image_name',
    'job_prefix',
    'label_words',
    'mentions',
    'name_part',
    'new_job_id',
    'note',
    'note_output',
    'owner_label',
    'read_record',
    'verb',
]

JOB_LABEL = 'dockertest.job'
SUBTEST_LABEL = 'dockertest.subtest'
OWNER_LABEL = 'dockertest.owner'
ENV_JOB = 'DOCKERTEST_JOB_ID'
ENV_SUBTEST = 'DOCKERTEST_JOB_SUBTEST'
ENV_RECORD = 'DOCKERTEST_JOB_RECORD'

#: Management commands: ``docker container run`` is ``run`` of the object kind ``container``.
MANAGEMENT = ('container', 'image', 'volume', 'network', 'buildx', 'builder', 'system', 'pod')
#: Commands that create something taking ``--label``.
LABEL_OPTION = {'run', 'create', 'build', 'volume create', 'network create', 'pod create'}
#: Commands that make an image and take ``--change 'LABEL ...'``.
LABEL_CHANGE = {'commit', 'import'}
#: Commands that can remove, stop, rename or overwrite an object the job did not make.
MUTATING = {
    'rm', 'rmi', 'stop', 'kill', 'rename', 'pause', 'tag', 'pull', 'build', 'commit', 'import', 'load',
    'prune', 'untag', 'disconnect', 'update', 'volume rm', 'network rm', 'image rm', 'volume prune',
    'network prune', 'image prune', 'container prune', 'system prune', 'pod rm', 'pod stop', 'pod kill',
    'pod prune',
}  # fmt: skip
#: Options that take a value, per command, so that positional words can be told apart.
VALUED = {
    'commit': {'-a', '--author', '-c', '--change', '-m', '--message'},
    'import': {'-c', '--change', '-m', '--message', '--platform'},
    'tag': set(),
    'pull': {'--platform'},
    'volume create': {'-d', '--driver', '--label', '-o', '--opt'},
    'network create': {
        '-d', '--driver', '--label', '-o', '--opt', '--subnet', '--gateway', '--ip-range', '--ipam-driver',
        '--ipam-opt', '--aux-address', '--scope', '--config-from',
    },
}  # fmt: skip


@dataclass(frozen=True)
class Context:
    """The job a process works for: its id, the subtest running, and the record file."""

    job_id: str
    subtest: str
    record: str

    def labels(self) -> list[str]:
        """The ``key=value`` labels of the objects this subtest makes."""
        return [f'{JOB_LABEL}={self.job_id}', f'{SUBTEST_LABEL}={self.subtest}', owner_label(self.job_id, self.subtest)]


def owner_label(job_id: str, subtest: str) -> str:
    """The one ``key=value`` label that marks what ``subtest`` of job ``job_id`` made."""
    return f'{OWNER_LABEL}={job_id}/{subtest}'


def new_job_id() -> str:
    """A fresh job id: 12 lower-case hex digits (valid in labels and in every kind of name)."""
    return secrets.token_hex(6)


def current() -> Context | None:
    """The job context from the environment, or None outside a job."""
    job_id = os.environ.get(ENV_JOB, '')
    if not job_id:
        return None
    return Context(job_id, os.environ.get(ENV_SUBTEST, ''), os.environ.get(ENV_RECORD, ''))


def name_part() -> str:
    """The job-unique word framework-made names carry: ``j`` and the first 6 digits of the job id
    (empty outside a job)."""
    ctx = current()
    return f'j{ctx.job_id[:6]}' if ctx else ''


def job_prefix(prefix: str) -> str:
    """``prefix`` followed by the job's :func:`name_part` (joined by ``_``; either may be empty)."""
    return '_'.join(part for part in (prefix, name_part()) if part)


def verb(words: Sequence[str]) -> tuple[str, int]:
    """The command of ``words`` (the subcommand and its arguments) and how many words it takes.

    ``['container', 'run', ...]`` is ``('run', 2)``; ``['volume', 'create', ...]`` is
    ``('volume create', 2)``: object-kind commands keep the kind where the plain verb would mean
    something else.
    """
    if not words:
        return '', 0
    first = words[0]
    if first in MANAGEMENT and len(words) > 1:
        second = words[1]
        if first in ('volume', 'network', 'system', 'pod') or (first == 'image' and second in ('rm', 'prune')):
            return f'{first} {second}', 2
        if first == 'container' and second == 'prune':
            return 'container prune', 2
        return second, 2
    return first, 1


def label_words(words: Sequence[str], ctx: Context | None = None) -> list[str]:
    """``words`` (subcommand and arguments) with the job's labels put in when the command creates
    something that takes them; unchanged outside a job or for any other command."""
    ctx = ctx or current()
    command, size = verb(words)
    if ctx is None:
        return list(words)
    if command in LABEL_OPTION:
        extra = [word for label in ctx.labels() for word in ('--label', label)]
    elif command in LABEL_CHANGE:
        extra = [word for label in ctx.labels() for word in ('--change', f'LABEL {label}')]
    else:
        return list(words)
    return [*words[:size], *extra, *words[size:]]


def _append(ctx: Context | None, entry: dict) -> None:
    if ctx is None or not ctx.record:
        return
    line = json.dumps({'subtest': ctx.subtest, **entry}) + '\n'
    # One write of one line with O_APPEND: concurrent subtests never interleave within a line.
    fd = os.open(ctx.record, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode('utf-8'))
    finally:
        os.close(fd)


def note(words: Sequence[str], ctx: Context | None = None) -> None:
    """Append a command to the job's record (nothing outside a job or without a record file), with
    the job's id (so a prune filtered on the job's own label is known to sweep only this job's objects)."""
    ctx = ctx or current()
    _append(ctx, {'words': list(words), 'job': ctx.job_id if ctx else ''})


def note_output(words: Sequence[str], stdout: str, ctx: Context | None = None) -> None:
    """Record the step images and containers a finished ``build`` printed (classic builder output; the
    core reads the ids: :func:`dockertest._core.build_step_ids`)."""
    if verb(words)[0] != 'build':
        return
    images, containers = _core.build_step_ids(stdout)
    if images or containers:
        _append(ctx or current(), {'image_ids': images, 'container_ids': containers})


def read_record(path: str) -> Iterator[dict]:
    """Each entry of a record file (``subtest`` and ``words``, or ``image_ids`` and
    ``container_ids``); a missing file holds nothing, a torn line is skipped."""
    try:
        with open(path, encoding='utf-8') as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            yield entry


def full_image_name(name: str) -> str:
    """An image name as ``docker images`` lists it: ``:latest`` added when it has no tag or digest."""
    last = name.rsplit('/', 1)[-1]
    return name if ':' in last or '@' in name else f'{name}:latest'


def _positionals(args: Sequence[str], valued: Iterable[str]) -> list[str]:
    valued = set(valued)
    out, skip = [], False
    for word in args:
        if skip:
            skip = False
        elif word.startswith('-') and word != '-':
            skip = word in valued
        else:
            out.append(word)
    return out


def _option_values(args: Sequence[str], names: Sequence[str]) -> list[str]:
    """Values of the options ``names`` (``--name X``, ``--name=X``; ``-tX`` for a short one)."""
    out = []
    for index, word in enumerate(args):
        for name in names:
            if word == name and index + 1 < len(args):
                out.append(args[index + 1])
            elif word.startswith(name + '='):
                out.append(word[len(name) + 1 :])
            elif len(name) == 2 and word.startswith(name) and len(word) > 2 and not word.startswith('--'):
                out.append(word[2:])
    return out


@dataclass
class Recorded:
    """What a subtest's recorded commands made and touched.

    Attributes:
        images: image names made (tags, pulls, ``build -t``, ``commit``/``import`` targets).
        containers: container names made (``run``/``create --name``).
        volumes: volume names made (``volume create NAME``).
        networks: network names made (``network create NAME``).
        pods: pod names made (``pod create --name NAME``, podman).
        mentioned: words of commands that may remove, stop, rename or overwrite something.
        prunes: the kinds a prune command swept (``container``, ``image``, ``volume``, ``network``); a
            prune whose every label filter holds the running job's id in its value
            (``--filter label=dockertest.job=<job id>``) sweeps none of what existed before the job, so
            it is not counted, and ``builder prune`` sweeps only build cache.
        verbs: the commands run (``run``, ``volume create``, ...), as :func:`verb` names them.
        image_ids: ids (or their first 12 digits) of images a build's output named.
        container_ids: ids (or their first 12 digits) of containers a build's output named.
    """

    images: set[str]
    containers: set[str]
    volumes: set[str]
    networks: set[str]
    mentioned: set[str]
    prunes: set[str]
    verbs: set[str] = field(default_factory=set)
    pods: set[str] = field(default_factory=set)
    image_ids: set[str] = field(default_factory=set)
    container_ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, commands: Iterable[Sequence[str]]) -> Recorded:
        """Sum up ``commands`` (each the words after the global options)."""
        made = cls(set(), set(), set(), set(), set(), set())
        for words in commands:
            made.add(words)
        return made

    @classmethod
    def from_record(cls, path: str, subtest: str) -> Recorded:
        """Sum up what the record at ``path`` holds for ``subtest``."""
        made = cls.of([])
        for entry in read_record(path):
            if entry.get('subtest') != subtest:
                continue
            made.add([str(word) for word in entry.get('words', [])], str(entry.get('job', '')))
            made.image_ids.update(str(i) for i in entry.get('image_ids', []))
            made.container_ids.update(str(c) for c in entry.get('container_ids', []))
        return made

    def add(self, words: Sequence[str], job_id: str = '') -> None:
        """Take one command into account; ``job_id`` is the job that ran it, when known."""
        if not words:
            return
        self.verbs.add(verb(words)[0])
        for kind, names in created_names(words).items():
            getattr(self, kind).update(names)
        command = verb(words)[0]
        if command.endswith('prune') and not _job_scoped(words, job_id) and words[0] not in ('builder', 'buildx'):
            kind = command.split()[0] if ' ' in command else 'all'
            self.prunes.update(('container', 'image', 'volume', 'network') if kind in ('system', 'all') else (kind,))
        if command in MUTATING:
            self.mentioned.update(mentions(words))


def _job_scoped(words: Sequence[str], job_id: str) -> bool:
    """Whether every label filter of a command (at least one) holds ``job_id`` in its value, as in
    ``--filter label=dockertest.job=<job_id>`` or ``--filter label=<key>=<job_id>-<token>``: the job id is
    new when the job starts, so such a prune reaches only objects the job labelled, whether the engine
    ANDs its label filters (docker) or ORs them (podman)."""
    if not job_id:
        return False
    values = [v for w, v in zip(words, [*words[1:], '']) if w == '--filter']
    values += [w.removeprefix('--filter=') for w in words if w.startswith('--filter=')]
    labels = [v.removeprefix('label=') for v in values if v.startswith('label=')]
    return bool(labels) and all(job_id in label.partition('=')[2] for label in labels)


#: The kinds of object each creating command labels.
LABELLED_BY = {'run': 'container', 'create': 'container', 'build': 'image', 'commit': 'image', 'import': 'image',
               'volume create': 'volume', 'network create': 'network', 'pod create': 'pod'}  # fmt: skip


def created_names(words: Sequence[str]) -> dict[str, list[str]]:
    """The names a command gives what it makes, by kind (``images``, ``containers``, ``volumes``,
    ``networks``); what only labels or ids mark is not here."""
    command, size = verb(words)
    args = list(words[size:])
    found: dict[str, list[str]] = {}
    if command in ('tag', 'pull', 'commit', 'import'):
        positional = _positionals(args, VALUED.get(command, ()))
        wanted = {'tag': 2, 'pull': 1, 'commit': 2, 'import': 2}[command]
        if len(positional) >= wanted:
            found['images'] = [full_image_name(positional[wanted - 1])]
    elif command == 'build':
        found['images'] = [full_image_name(name) for name in _option_values(args, ('-t', '--tag'))]
    elif command in ('run', 'create'):
        found['containers'] = _option_values(args, ('--name',))
    elif command == 'pod create':
        found['pods'] = _option_values(args, ('--name', '-n'))
    elif command in ('volume create', 'network create'):
        positional = _positionals(args, VALUED[command])
        found['volumes' if command == 'volume create' else 'networks'] = positional[:1]
    return found


def mentions(words: Sequence[str]) -> set[str]:
    """The words of a command that may name an object: its arguments that are not options."""
    _, size = verb(words)
    return {word for word in words[size:] if word and not word.startswith('-')}
