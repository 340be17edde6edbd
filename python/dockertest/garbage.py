"""The garbage check after each subtest: remove what it made and left, report what it broke.

The control file runs it after every subtest with the job's baseline (the :class:`Snapshot` taken
when the job started). On an engine that others use at the same time it only ever touches what the
subtest made (:mod:`dockertest.ownership`):

- **left behind**: objects new since the baseline that carry the subtest's owner label
  (``dockertest.owner=<job id>/<subtest>``), whose names the subtest's recorded commands
  made (tags, pulls, ``--name``, volume and network names), or whose ids its builds printed. They are reported as a FAIL and removed:
  containers by id, images by the new name (so other names of a shared image stay), unnamed images by
  id, volumes by name, networks by id. The names a subtest declares it keeps (``preserve_fqins``,
  ``preserve_cnames``) are neither.
- **changed**: objects of the baseline that are gone or changed (a container removed, renamed or
  stopped; an image name removed or moved to another image; a volume or network removed) and that one
  of the subtest's recorded commands that can do such a thing named (``rm``, ``rmi``, ``stop``,
  ``kill``, ``rename``, ``tag``, ``pull``, ... or a ``prune`` of that kind). They are reported as a
  FAIL of the subtest, naming them.
- **pods** (podman): a pod the subtest made (labelled by its ``pod create``, or named by its
  ``--name``) is left behind like a container and removed with ``pod rm --force``, which takes its
  infra container too. Pods are listed only after a subtest that ran ``pod`` commands; a pod someone
  else made, and its infra container, are never the subtest's.
- **restored**: the suite's own test images (``preserve_fqins``) that the baseline held and that are
  gone or moved are pulled again from the loopback registry, whoever removed them, and the record
  says so.

Anything else that appears or changes during the job was done by someone else and is left alone;
:func:`foreign` names what appeared, for the job log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import ownership
from .environment import KINDS, EngineError, Snapshot, docker_argv, run_docker, take_snapshot

__all__ = ['Client', 'Verdict', 'changes', 'check', 'foreign', 'kinds_to_list', 'leaks', 'remove', 'restore_images']


@dataclass(frozen=True)
class Client:
    """The configured docker client: ``docker_path``, ``docker_options`` and ``docker_timeout``."""

    path: str
    options: str = ''
    timeout: float = 60.0

    def run(self, *args: str) -> str:
        """Run one command; its stdout, or :class:`EngineError` naming it."""
        return run_docker(docker_argv(self.path, self.options, *args), self.timeout)

    def snapshot(self, labels: Iterable[str] = (), kinds: Iterable[str] = KINDS) -> Snapshot:
        """Every object of ``kinds``, or those carrying every one of ``labels``."""
        return take_snapshot(self.path, self.options, self.timeout, tuple(labels), tuple(kinds))


@dataclass
class Verdict:
    """What the check found after one subtest."""

    subtest: str
    left: Snapshot = field(default_factory=Snapshot)
    changed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether the subtest left something behind or changed what was there before."""
        return bool(self.left or self.changed)

    def messages(self) -> list[tuple[str, str]]:
        """(status, message) records: FAIL for leaks and changes, INFO for restored test images,
        ERROR for a restore that failed."""
        out = []
        if self.left:
            text = f'{self.subtest} left behind: {self.left.describe()}'
            problems = [p for p in self.problems if p.startswith('remove:')]
            text += '; could not remove: ' + '; '.join(p[7:] for p in problems) if problems else '; removed'
            out.append(('FAIL', text))
        if self.changed:
            out.append(
                ('FAIL', f'{self.subtest} removed or changed what existed before the job: ' + '; '.join(self.changed))
            )
        if self.restored:
            out.append(('INFO', 'restored from the loopback registry: ' + ', '.join(self.restored)))
        out += [('ERROR', p) for p in self.problems if not p.startswith('remove:')]
        return out

    def to_state(self) -> dict:
        """A JSON-serialisable form (a parallel worker hands it to the job this way)."""
        return {
            'subtest': self.subtest,
            'left': self.left.to_state(),
            'changed': self.changed,
            'restored': self.restored,
            'problems': self.problems,
        }

    @classmethod
    def from_state(cls, state: dict) -> Verdict:
        """The inverse of :meth:`to_state`."""
        return cls(
            state['subtest'],
            Snapshot.from_state(state['left']),
            list(state['changed']),
            list(state['restored']),
            list(state['problems']),
        )


def _keeps(name: str, keep: Iterable[str]) -> bool:
    return any(name == k or (':' not in k.rsplit('/', 1)[-1] and name == f'{k}:latest') for k in keep)


def _bare_id(text: str) -> str:
    return text.removeprefix('sha256:')


def _mentioned(words: set[str], *names: str) -> bool:
    """Whether a recorded word names one of ``names`` (a name, an image name without its tag, or an
    id prefix of at least 6 digits)."""
    for word in words:
        bare = _bare_id(word)
        for name in names:
            if word == name or ownership.full_image_name(word) == name:
                return True
            if len(bare) >= 6 and _bare_id(name).startswith(bare):
                return True
    return False


def _id_in(full_id: str, prefixes: Iterable[str]) -> bool:
    bare = _bare_id(full_id)
    return any(prefix and bare.startswith(_bare_id(prefix)) for prefix in prefixes)


def leaks(
    baseline: Snapshot,
    now: Snapshot,
    owned: Snapshot,
    made: ownership.Recorded,
    keep_fqins: Iterable[str] = (),
    keep_cnames: Iterable[str] = (),
) -> Snapshot:
    """What ``now`` holds beyond ``baseline`` that the subtest made: labelled (``owned``) or named by
    its commands (``made``), apart from the declared keeps."""
    keep_fqins, keep_cnames = list(keep_fqins), list(keep_cnames)
    out = Snapshot()
    for cid, name in {**now.containers, **owned.containers}.items():
        mine = cid in owned.containers or name in made.containers or _id_in(cid, made.container_ids)
        if mine and cid not in baseline.containers and name not in keep_cnames:
            out.containers[cid] = name
    for name, iid in {**now.images, **owned.images}.items():
        mine = name in owned.images or name in made.images
        if mine and name not in baseline.images and not _keeps(name, keep_fqins):
            out.images[name] = iid
    known = set(baseline.unnamed) | set(baseline.images.values()) | set(now.images.values())
    out.unnamed = [iid for iid in owned.unnamed if iid not in known]
    out.unnamed += [
        iid for iid in now.unnamed if iid not in known and iid not in out.unnamed and _id_in(iid, made.image_ids)
    ]
    out.volumes = [
        v for v in dict.fromkeys([*now.volumes, *owned.volumes])
        if v not in baseline.volumes and (v in owned.volumes or v in made.volumes)
    ]  # fmt: skip
    for nid, name in {**now.networks, **owned.networks}.items():
        if nid not in baseline.networks and (nid in owned.networks or name in made.networks):
            out.networks[nid] = name
    for pid, name in {**now.pods, **owned.pods}.items():
        if pid not in baseline.pods and (pid in owned.pods or name in made.pods):
            out.pods[pid] = name
    return out


def changes(baseline: Snapshot, now: Snapshot, made: ownership.Recorded) -> list[str]:
    """The objects of ``baseline`` gone or changed in ``now`` that the subtest's commands named."""

    def hit(kind: str, *names: str) -> bool:
        return kind in made.prunes or _mentioned(made.mentioned, *names)

    out = []
    for cid, name in baseline.containers.items():
        if not hit('container', name, cid):
            continue
        what = f'container {name} ({cid[:12]})'
        if cid not in now.containers:
            out.append(f'{what} removed')
        elif now.containers[cid] != name:
            out.append(f'{what} renamed to {now.containers[cid]}')
        elif baseline.states.get(cid) == 'running' and now.states.get(cid) != 'running':
            out.append(f'{what} stopped')
    for name, iid in baseline.images.items():
        if not hit('image', name, iid):
            continue
        if name not in now.images:
            out.append(f'image {name} untagged or removed')
        elif now.images[name] != iid:
            out.append(f'image {name} moved to another image ({now.images[name][:19]}, was {iid[:19]})')
    still = set(now.images.values()) | set(now.unnamed)
    out += [f'unnamed image {iid[:19]} removed' for iid in baseline.unnamed if iid not in still and hit('image', iid)]
    out += [f'volume {v} removed' for v in baseline.volumes if v not in now.volumes and hit('volume', v)]
    out += [
        f'network {name} ({nid[:12]}) removed'
        for nid, name in baseline.networks.items()
        if nid not in now.networks and hit('network', name, nid)
    ]
    return out


def remove(left: Snapshot, client: Client) -> list[str]:
    """Remove what was left behind; one message per object that could not be removed.

    Pods go first (``pod rm --force`` takes their containers, the infra container among them), then
    containers (they hold their images and volumes), then image names, then the unnamed images that
    removing those names did not already take away, then volumes and networks.
    """
    failures = []

    def attempt(*args: str) -> None:
        try:
            client.run(*args)
        except EngineError as err:
            failures.append(str(err))

    for pid in left.pods:
        attempt('pod', 'rm', '--force', pid)
    if left.pods and left.containers:
        still = set(client.snapshot(kinds=['container']).containers)
        left.containers = {cid: name for cid, name in left.containers.items() if cid in still}
    for cid in left.containers:
        attempt('rm', '--force', '--volumes', cid)
    for name in left.images:
        attempt('rmi', name)
    if left.unnamed:
        still = set(client.snapshot().unnamed)
        for iid in left.unnamed:
            if iid in still:
                attempt('rmi', iid)
    for volume in left.volumes:
        attempt('volume', 'rm', volume)
    for nid in left.networks:
        attempt('network', 'rm', nid)
    return failures


def restore_images(
    names: Iterable[str], baseline: Snapshot, now: Snapshot, client: Client
) -> tuple[list[str], list[str]]:
    """Pull again each of ``names`` that the baseline held and ``now`` lacks or holds as another image.

    Returns:
        (restored names, failure messages).
    """
    restored, failures = [], []
    for name in names:
        name = ownership.full_image_name(name)
        if name in baseline.images and now.images.get(name) != baseline.images[name]:
            try:
                client.run('pull', name)
                restored.append(name)
            except EngineError as err:
                failures.append(f'could not restore the test image {name}: {err}')
    return restored, failures


def kinds_to_list(baseline: Snapshot, made: ownership.Recorded) -> list[str]:
    """The kinds of object the whole engine must be listed for after a subtest: those its commands
    named something of, or swept (otherwise neither a leak by name, nor a change it made, nor a
    test image it removed can be found there)."""
    named = {
        'image': bool(made.images or made.image_ids)
        or _mentioned(made.mentioned, *baseline.images, *baseline.images.values(), *baseline.unnamed),
        'container': bool(made.containers or made.container_ids)
        or _mentioned(made.mentioned, *baseline.containers, *baseline.containers.values()),
        'volume': bool(made.volumes) or _mentioned(made.mentioned, *baseline.volumes),
        'network': bool(made.networks) or _mentioned(made.mentioned, *baseline.networks, *baseline.networks.values()),
        'pod': bool(made.pods),
    }
    return [kind for kind, needed in named.items() if needed or kind in made.prunes]


def check(
    subtest: str,
    baseline: Snapshot,
    client: Client,
    job_id: str,
    made: ownership.Recorded,
    keep_fqins: Iterable[str] = (),
    keep_cnames: Iterable[str] = (),
) -> Verdict:
    """Check the engine after ``subtest``: remove its leaks, name its changes, restore the test images.

    Raises:
        EngineError: the engine cannot be listed.
    """
    keep_fqins = list(keep_fqins)
    labels = [ownership.owner_label(job_id, subtest)]
    labelled = sorted({ownership.LABELLED_BY[v] for v in made.verbs if v in ownership.LABELLED_BY})
    owned = client.snapshot(labels, labelled) if labelled else Snapshot()
    listed = kinds_to_list(baseline, made)
    now = client.snapshot(kinds=listed) if listed else Snapshot()
    verdict = Verdict(subtest, leaks(baseline, now, owned, made, keep_fqins, keep_cnames), changes(baseline, now, made))
    verdict.problems += ['remove:' + failure for failure in remove(verdict.left, client)]
    verdict.restored, failures = restore_images(keep_fqins, baseline, now, client) if 'image' in listed else ([], [])
    verdict.problems += failures
    return verdict


def foreign(baseline: Snapshot, now: Snapshot, owned: Snapshot) -> Snapshot:
    """What appeared since ``baseline`` that the job did not make (``owned``: the job's labelled
    objects), for the job log; none of it is ever touched."""
    out = Snapshot()
    out.containers = {
        c: n for c, n in now.containers.items() if c not in baseline.containers and c not in owned.containers
    }
    out.images = {n: i for n, i in now.images.items() if n not in baseline.images and n not in owned.images}
    out.volumes = [v for v in now.volumes if v not in baseline.volumes and v not in owned.volumes]
    out.networks = {i: n for i, n in now.networks.items() if i not in baseline.networks and i not in owned.networks}
    out.pods = {i: n for i, n in now.pods.items() if i not in baseline.pods and i not in owned.pods}
    return out
