"""
Summary
-------

Checks ``docker container prune``, ``image prune``, ``volume prune``, ``network prune`` and ``builder
prune``, each only ever with a filter on a label this subtest set on its own objects: the labelled
objects go, and an object made for the test without that label stays (and is then removed by the
subtest's cleanup, by name). An unfiltered prune is never run: it would remove other people's objects.

Operational Summary
-------------------

Each sub-subtest makes a token and two objects of its kind, both registered for cleanup before they
are made: the *target* labelled ``<label_key>=<token>``, and the *bystander* labelled ``<label_key>=<token>-keep``
(made for the test, but not matching the filter). Then it runs ``docker <kind> prune --force --filter
label=<label_key>=<token>`` (inside a job the token starts with the job's id, so the garbage check
knows the prune reached only the job's objects) and checks that the prune's output names the target, that the target is gone
(``inspect`` fails) and that the bystander is still there.

#. ``container``: two exited containers (``docker run`` of ``true``).
#. ``image``: two images built ``FROM`` the test image with a ``LABEL`` line; the prune has ``--all``
   (a tagged image is not dangling), so only the label selects.
#. ``volume``: two volumes (``docker volume create --label``); the prune has ``--all`` (named volumes
   are kept without it since API 1.42) unless the client or engine refuses it with one of
   ``volume_all_refused``: engines before API 1.42 prune named volumes without it.
#. ``network``: two networks (``docker network create --label``).
#. ``builder``: docker's build cache records carry no labels, and the engine's ``/build/prune`` drops a
   ``label`` filter it does not know (moby's ``toBuildkitPruneInfo`` reads only ``until``, ``id``,
   ``parent``, ``type``, ``description``, ``inuse``, ``shared`` and ``private``), so a ``builder prune``
   filtered by label alone would remove everyone's build cache. The sub-subtest therefore adds a
   filter naming the target's own cache record: it builds the target and the bystander with BuildKit
   (``DOCKER_BUILDKIT=1``), each with a ``RUN`` step holding its token, finds their records in ``docker
   system df --verbose``, and runs ``docker builder prune --force --filter label=<label_key>=<token>
   --filter id=<target record>``; the target's record goes and the bystander's stays. Where the
   client or the engine has no BuildKit, it is TEST_NA quoting the answer.
#. Cleanup removes what is left by name (containers, images, volumes, networks); the bystander's
   build cache record is removed by a prune with the same label filters and its own ``id`` filter.

Prerequisites
-------------

* The test image, with busybox ``true`` and ``sh``.
* ``builder``: BuildKit in the client and the engine.

Configuration
-------------

* ``label_key``: the key of the subtest's own label.
* ``name_prefix``: prefix of the names of everything the subtest makes.
* ``image_repository``: the repository path of the images it builds (on the loopback registry).
* ``volume_all_refused``: ``|``-separated texts of a refusal of ``volume prune --all`` by a client or
  engine older than API 1.42.
* ``buildkit_missing``: ``|``-separated texts of a client's or engine's answer that it has no BuildKit.
* ``build_options``: options added to each ``docker build`` (``--network=none``: no step needs a
  network).
"""

import json
import os
import secrets

from dockertest import dockercalls, naming, ownership, subtest, xceptions
from dockertest.options import Options


class prune(subtest.SubSubtestCaller):
    """Runs the filtered prune checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class prune_base(subtest.SubSubtest):
    """A target and a bystander of one kind, a label-filtered prune, and the checks."""

    #: The docker object kind (``container``, ``image``, ``volume``, ``network``).
    kind = ''

    def initialize(self):
        super().initialize()
        ctx = ownership.current()
        token = f'{ctx.job_id}-{secrets.token_hex(6)}' if ctx else secrets.token_hex(6)
        key = Options(self).text('label_key')
        self.sub_stuff.update(target_label=f'{key}={token}', keep_label=f'{key}={token}-keep')

    def make(self, label):
        """Make one object carrying ``label``; its name."""
        raise NotImplementedError

    def prune_options(self):
        """Options of the prune beyond ``--force`` and the filter."""
        return []

    def exists(self, name):
        """Whether ``docker <kind> inspect <name>`` finds the object."""
        return dockercalls.run(self, self.kind, 'inspect', name).exit_status == 0

    def named_in_output(self, name, output):
        """Whether the prune's output names the object."""
        return name in output

    def run_once(self):
        super().run_once()
        target = self.make(self.sub_stuff['target_label'])
        bystander = self.make(self.sub_stuff['keep_label'])
        label = self.sub_stuff['target_label']
        pruned = dockercalls.must_pass(self, self.kind, 'prune', '--force', *self.prune_options(), *self.filters())
        self.failif(
            not self.named_in_output(target, pruned.stdout),
            f'docker {self.kind} prune --filter label={label} does not name the labelled {self.kind} {target}: '
            f'{pruned.stdout.strip()!r}',
        )
        self.failif(
            self.exists(target),
            f'the labelled {self.kind} {target} is still there after docker {self.kind} prune --filter label={label}',
        )
        self.failif(
            not self.exists(bystander),
            f'docker {self.kind} prune --filter label={label} removed the {self.kind} {bystander}, which lacks that label',
        )
        self.loginfo('%s prune --filter label=%s removed %s and kept %s', self.kind, label, target, bystander)

    def filters(self):
        """The one filter of every prune: ``--filter label=<label_key>=<token>``.

        Inside a job the token starts with the job's id, which tells the garbage check the prune could
        reach nothing that existed before the job. One label filter only: docker ANDs several, podman
        ORs them.
        """
        return ['--filter', f'label={self.sub_stuff["target_label"]}']

    def unique(self):
        """A unique name for an object of this sub-subtest."""
        return naming.unique_name(Options(self).text('name_prefix'))


class container(prune_base):
    """container prune --filter label=..."""

    kind = 'container'

    def make(self, label):
        name = self.cleanups.container(self.unique())
        dockercalls.must_pass(self, 'run', f'--name={name}', '--label', label, Options(self).image(), 'true')
        self.sub_stuff.setdefault('ids', {})[name] = dockercalls.inspect_field(self, name, '{{.Id}}')
        return name

    def named_in_output(self, name, output):
        return self.sub_stuff['ids'][name] in output


class image(prune_base):
    """image prune --all --filter label=..."""

    kind = 'image'

    def make(self, label):
        name = self.cleanups.image(f'{Options(self).text("image_repository")}/{self.unique()}:prune')
        dockerfile = f'FROM {Options(self).image()}\nLABEL {label}\n'
        options = Options(self).words('build_options')
        dockercalls.must_pass(self, 'build', *options, '--tag', name, '-', stdin=dockerfile)
        image_id = dockercalls.inspect_field(self, name, '{{.Id}}', kind='image')
        self.sub_stuff.setdefault('ids', {})[name] = image_id.removeprefix('sha256:')
        return name

    def prune_options(self):
        return ['--all']

    def named_in_output(self, name, output):
        # docker prints "untagged: <name>" and "deleted: sha256:<id>"; the id alone names it too.
        return f'untagged: {name}' in output.lower() or self.sub_stuff['ids'][name] in output


class volume(prune_base):
    """volume prune [--all] --filter label=..."""

    kind = 'volume'

    def make(self, label):
        return dockercalls.create_object(self, 'volume', Options(self).text('name_prefix'), '--label', label)

    def prune_options(self):
        if 'all_refused' not in self.sub_stuff:
            probe = dockercalls.run(
                self,
                'volume',
                'prune',
                '--force',
                '--all',
                '--filter',
                'label=' + self.sub_stuff['keep_label'] + '-none',
            )
            texts = Options(self).texts('volume_all_refused')
            self.sub_stuff['all_refused'] = probe.exit_status != 0 and any(t in probe.stderr for t in texts)
            if probe.exit_status != 0 and not self.sub_stuff['all_refused']:
                raise xceptions.DockerTestFail(dockercalls.describe(probe))
            if self.sub_stuff['all_refused']:
                self.loginfo('volume prune --all refused (%s); pruning without it', ' '.join(probe.stderr.split()))
        return [] if self.sub_stuff['all_refused'] else ['--all']


class network(prune_base):
    """network prune --filter label=..."""

    kind = 'network'

    def make(self, label):
        return dockercalls.create_object(self, 'network', Options(self).text('name_prefix'), '--label', label)


class builder(prune_base):
    """builder prune --filter label=... narrowed to the target's own cache record."""

    kind = 'builder'

    def initialize(self):
        super().initialize()
        self.sub_stuff['records'] = {}
        self.sub_stuff['buildkit'] = os.environ.get('DOCKER_BUILDKIT')
        os.environ['DOCKER_BUILDKIT'] = '1'

    def records(self):
        """The engine's build cache records: id to description.

        Raises:
            DockerTestNAError: the engine lists no build cache (its answer is not the JSON list asked for).
        """
        result = dockercalls.must_pass(self, 'system', 'df', '--verbose', '--format', '{{json .BuildCache}}')
        text = result.stdout.strip() or 'null'
        try:
            found = json.loads(text) or []
        except ValueError:
            first = text.splitlines()[0] if text else ''
            raise xceptions.DockerTestNAError(
                f'the engine lists no build cache records: docker system df --verbose --format '
                f'{{{{json .BuildCache}}}} answers {first!r}'
            ) from None
        return {rec.get('ID', ''): rec.get('Description', '') for rec in found}

    def make(self, label):
        if not self.sub_stuff['records']:
            self.records()  # TEST_NA before building where the engine keeps no build cache records
        name = self.cleanups.image(f'{Options(self).text("image_repository")}/{self.unique()}:prune')
        step = f'echo {label} > /dockertest-prune'
        dockerfile = f'FROM {Options(self).image()}\nRUN {step}\n'
        options = Options(self).words('build_options')
        result = dockercalls.run(self, 'build', *options, '--label', label, '--tag', name, '-', stdin=dockerfile)
        dockercalls.na_if_unsupported(self, 'buildkit_missing', result, 'docker build with DOCKER_BUILDKIT=1')
        self.failif(result.exit_status != 0, dockercalls.describe(result))
        mine = [rid for rid, text in self.records().items() if step in text]
        self.failif(len(mine) != 1, f'docker system df --verbose lists {len(mine)} build cache records of "RUN {step}"')
        self.sub_stuff['records'][name] = mine[0]
        return name

    def exists(self, name):
        return self.sub_stuff['records'][name] in self.records()

    def run_once(self):
        subtest.SubSubtest.run_once(self)
        target = self.make(self.sub_stuff['target_label'])
        bystander = self.make(self.sub_stuff['keep_label'])
        label, record = self.sub_stuff['target_label'], self.sub_stuff['records'][target]
        # The image keeps its cache record in use; only its removal leaves the record prunable.
        for name in (target, bystander):
            dockercalls.must_pass(self, 'rmi', name)
            self.cleanups.forget('image', name)
        dockercalls.must_pass(self, 'builder', 'prune', '--force', *self.filters(), '--filter', f'id={record}')
        self.failif(
            self.exists(target), f'the build cache record {record} of {target} is still there after builder prune'
        )
        self.failif(
            not self.exists(bystander),
            f'docker builder prune --filter label={label} --filter id={record} removed the record of {bystander}',
        )
        self.loginfo(
            'builder prune --filter label=%s --filter id=%s removed its record and kept the other', label, record
        )

    def cleanup(self):
        for record in self.sub_stuff.get('records', {}).values():
            # The engine drops the label filters here (see the module's docstring): the id narrows it.
            dockercalls.run(self, 'builder', 'prune', '--force', *self.filters(), '--filter', f'id={record}')
        if self.sub_stuff.get('buildkit') is None:
            os.environ.pop('DOCKER_BUILDKIT', None)
        else:
            os.environ['DOCKER_BUILDKIT'] = self.sub_stuff['buildkit']
        super().cleanup()
