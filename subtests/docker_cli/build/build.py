"""
Summary
-------

Tests the ``docker build`` command operation with a set of options and pre-defined build-content.

Operational Summary
-------------------

#. ``initialize`` requires ``build_timeout_seconds`` of at least 10, picks a unique image name
   (``image_name_prefix`` + random + ``image_name_postfix``) and makes the build context in its
   temporary directory from the files named by ``source_files``: a file shipped beside this module
   is copied; ``<name>.tar`` is made from the directory ``<name>/`` shipped here, or, for device
   nodes a repository cannot hold, from the list in ``<name>.devices``.
#. ``run_once`` runs ``docker build <docker_build_options> --build-arg ... -t <name> <context>`` in
   the background, logging its output as it comes, bounded by ``build_timeout_seconds``. The
   Dockerfile builds on the test image, unpacks both tars, fetches ``busybox_url`` with ``ADD``,
   runs the fetched busybox and checks the device nodes, and sets a default command.
#. ``postprocess`` requires exit 0, good output, the image listed under its name, and the image's
   default command printing the marker file the context carried.
#. ``cleanup`` removes the containers this build left (found by a build argument holding the
   unique name), the container it ran, the built image (``try_remove_after_test``) and the
   intermediate images a failed build leaves (never the test image).

Fitted to today's docker: the 2014 build started ``FROM`` an image imported from an empty tar and
``ADD``-ed a busybox downloaded on the host. A URL ``ADD`` today makes a file of mode 600, which an
empty base cannot make executable, so the build starts from the test image and ``chmod``-s the
fetched busybox. Image names are fully qualified to the loopback registry.

Legacy builder and BuildKit: the checks read no builder-specific lines (no ``Step 1/5``, no
``Successfully built``), so either builder passes. Debian's 20.10 client uses the legacy builder
unless ``DOCKER_BUILDKIT=1`` is set; the 28 client uses BuildKit when the ``buildx`` plugin is
installed and otherwise falls back to the legacy builder, printing a "DEPRECATED" banner on
standard error (not an error). To choose a builder, set ``DOCKER_BUILDKIT=0`` or ``1`` in the
environment of the job (``DOCKER_BUILDKIT=0 autotest-local run docker ...``): docker commands
inherit it; no config option can set it. The default ``docker_build_options`` hold
``--network=none``, because BuildKit's ``RUN`` fails with "network bridge not found" on a daemon
started with ``--bridge none`` (as the test daemons are).

Prerequisites
-------------

*  Tarballs bundled with the subtest (made at test time from the ``basic_tree/`` directory and the
   ``basic_devices.devices`` list shipped here).
*  Statically linked 'busybox' executable available over HTTP (``busybox_url``; the host setup
   serves one at ``http://127.0.0.1:5080/busybox``).
*  The daemon can make device nodes (it runs as root, not rootless).

Configuration
-------------

*  The ``docker_build_options`` option specifies additional arguments to add in addition to the
   ``DEFAULTS`` option ``docker_options``.
*  The ``build_timeout_seconds`` option specifies a fixed time (in seconds) the build must
   complete within.
*  ``try_remove_after_test`` is a boolean option, selecting whether or not the built-image should
   be removed when the test is complete. (Any removal errors will be ignored)
*  Both the ``image_name_prefix`` and ``image_name_postfix`` behave exactly like the
   ``docker_cli/dockerimport`` sub-test.
*  The location of the statically linked ``busybox`` executable is specified by the
   ``busybox_url`` option.
*  ``source_files`` is the CSV of the build context's files.
"""

import os
import re
import secrets
import shutil
import tarfile
from pathlib import Path

from dockertest import containers, dockercalls, images, naming, subtest, xceptions
from dockertest.dockercmd import AsyncDockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputGood

# " ---> 3e533527bc86": an image a legacy build step made.
STEP_IMAGE = re.compile(r'^ ---> ([0-9a-f]{12})\s*$', re.MULTILINE)


class build(subtest.SubSubtestCaller):
    """Runs the build checks named by ``subsubtests``."""

    version = '0.2.0'
    failure_details = True


class basic(subtest.SubSubtest):
    """Build an image from the bundled context and check it."""

    def initialize(self):
        super().initialize()
        timeout = self.config['build_timeout_seconds']
        if timeout < 10:
            raise xceptions.DockerTestError(
                f'build_timeout_seconds in [{self.parent_subtest.config_section}] is {timeout}; it must be at least 10'
            )
        listing = images.DockerImages(self)
        base = Options(self).image()
        if not listing.list_imgs_with_full_name(base):
            raise xceptions.DockerTestNAError(f'The test image {base} is not present')
        self.sub_stuff.update(base=base, containers=[])
        name = listing.get_unique_name(self.config['image_name_prefix'], self.config['image_name_postfix'])
        self.sub_stuff['name'] = name
        self.sub_stuff['context'] = os.path.join(self.tmpdir, 'context')
        os.makedirs(self.sub_stuff['context'])
        for source in Options(self).list('source_files'):
            self.make_source(source, self.sub_stuff['context'])

    def make_source(self, source, context):
        """Put ``source`` into the build ``context`` (see the Operational Summary).

        Raises:
            DockerTestError: nothing beside this module makes ``source``.
        """
        shipped = os.path.join(self.parent_subtest.bindir, source)
        stem = source[: -len('.tar')] if source.endswith('.tar') else None
        target = os.path.join(context, source)
        if os.path.isfile(shipped):
            shutil.copyfile(shipped, target)
        elif stem and os.path.isdir(os.path.join(self.parent_subtest.bindir, stem)):
            with tarfile.open(target, 'w') as archive:
                archive.add(os.path.join(self.parent_subtest.bindir, stem), arcname=stem)
        elif stem and os.path.isfile(os.path.join(self.parent_subtest.bindir, f'{stem}.devices')):
            self.make_devices_tar(os.path.join(self.parent_subtest.bindir, f'{stem}.devices'), target)
        else:
            raise xceptions.DockerTestError(
                f'source_files in [{self.parent_subtest.config_section}] names {source!r}, but {self.parent_subtest.bindir} has no such file '
                'and no directory or .devices list to make it from'
            )

    @staticmethod
    def make_devices_tar(listing, target):
        """A tar of the device nodes listed in ``listing`` (``path c|b major minor`` per line).

        Raises:
            DockerTestError: a line is malformed; the message names the file and line.
        """
        with open(listing, encoding='utf-8') as handle, tarfile.open(target, 'w') as archive:
            for number, line in enumerate(handle, 1):
                words = line.split('#', 1)[0].split()
                if not words:
                    continue
                if len(words) != 4 or words[1] not in ('c', 'b') or not (words[2].isdigit() and words[3].isdigit()):
                    raise xceptions.DockerTestError(f'{listing}, line {number}: expected "path c|b major minor"')
                for depth in range(1, words[0].count('/') + 1):
                    folder = tarfile.TarInfo('/'.join(words[0].split('/')[:depth]))
                    folder.type, folder.mode = tarfile.DIRTYPE, 0o755
                    if folder.name not in archive.getnames():
                        archive.addfile(folder)
                node = tarfile.TarInfo(words[0])
                node.type = tarfile.CHRTYPE if words[1] == 'c' else tarfile.BLKTYPE
                node.devmajor, node.devminor, node.mode = int(words[2]), int(words[3]), 0o666
                archive.addfile(node)

    def run_once(self):
        super().run_once()
        name = self.sub_stuff['name']
        args = [self.config['docker_build_options'] or '']
        for arg in (f'BASE_IMAGE={self.sub_stuff["base"]}', f'BUSYBOX_URL={self.config["busybox_url"]}'):
            args += ['--build-arg', arg]
        args += ['--build-arg', f'DOCKERTEST_BUILD={name}', '-t', name, self.sub_stuff['context']]
        before = self.container_ids()
        cmd = AsyncDockerCmd(self, 'build', args, self.config['build_timeout_seconds'])
        self.sub_stuff['before'] = before
        cmd.execute()
        seen = 0
        while not cmd.done:
            cmd.wait(1)
            lines = cmd.stdout.splitlines()
            for line in lines[seen : len(lines) - (not cmd.done)]:
                self.logdebug('build: %s', line)
            seen = max(seen, len(lines) - (not cmd.done))
        self.sub_stuff['result'] = result = cmd.wait()
        self.loginfo('%s: exit %s', result.command, result.exit_status)

    def postprocess(self):
        super().postprocess()
        result, name = self.sub_stuff['result'], self.sub_stuff['name']
        self.failif_ne(result.exit_status, 0, f'Exit status of docker build of {name} (the command is in the log)')
        checked = OutputGood(result, ignore_error=True)
        self.failif(not checked, f'Bad output of {result.command}: {checked}')
        found = [img for img in images.DockerImages(self).list_imgs() if img.full_name == name]
        self.failif(not found, f'Built image {name} is not listed by docker images after a reported success')
        container = name.rsplit('/', 1)[-1].replace(':', '_')
        self.sub_stuff['containers'].append(container)
        run = NoFailDockerCmd(self, 'run', ['--name', container, name]).execute()
        marker = Path(self.parent_subtest.bindir, 'basic_tree', 'marker').read_text(encoding='utf-8').strip()
        self.failif_not_in(marker, run.stdout, f'the output of the built image {name} (its marker file)')

    def container_ids(self):
        """Long ids and commands of every container."""
        return {c.long_id: c.command or '' for c in containers.DockerContainers(self).list_containers()}

    def cleanup(self):
        super().cleanup()
        name = self.sub_stuff.get('name')
        if name is None or 'before' not in self.sub_stuff:
            return
        left = [
            cid
            for cid, command in self.container_ids().items()
            if cid not in self.sub_stuff['before'] and name in command
        ]
        containers.DockerContainers(self).clean_all(left + self.sub_stuff['containers'])
        # The images a failed legacy build left, newest first; clean_all never removes the test image.
        result = self.sub_stuff.get('result')
        steps = STEP_IMAGE.findall(result.stdout) if result is not None else []
        names = [name] if self.config['try_remove_after_test'] else []
        images.DockerImages(self).clean_all(names + steps[::-1])


#: The features build: ``FROM`` lines are filled with the test image's full name (never a bare name).
FEATURES_DOCKERFILE = """FROM {image} AS first
ARG TOKEN
COPY . /context/
RUN echo "$TOKEN" > /token && ls -a /context > /listing && head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n' > /nonce
FROM {image} AS broken
RUN echo "this stage comes after the target and must not be built" && exit 3
"""


class features(subtest.SubSubtest):
    """``--target``, ``--build-arg``, ``.dockerignore``, ``--label`` and the build cache, with one builder.

    ``builder_env`` (set by the subclass) is the ``DOCKER_BUILDKIT`` value of its builder.
    """

    builder_env = ''

    def initialize(self):
        super().initialize()
        opts = Options(self)
        self.sub_stuff['saved_env'] = os.environ.get('DOCKER_BUILDKIT')
        os.environ['DOCKER_BUILDKIT'] = self.builder_env
        context = os.path.join(self.tmpdir, 'features')
        os.makedirs(context)
        kept, ignored = opts.text('kept_file'), opts.text('ignored_file')
        files = {
            'Dockerfile': FEATURES_DOCKERFILE.format(image=opts.image()),
            '.dockerignore': f'{ignored}\n',
            kept: 'kept\n',
            ignored: 'ignored\n',
        }
        for name, text in files.items():
            Path(context, name).write_text(text, encoding='utf-8')
        self.sub_stuff.update(context=context, token=secrets.token_hex(8), names=[])
        self.sub_stuff['label'] = f'{opts.text("label_key")}={self.sub_stuff["token"]}'

    def build(self, *extra):
        """``docker build`` of the features context under a new unique tag (registered first); its name."""
        opts = Options(self)
        repository, _, stem = opts.text('features_image_prefix').rpartition('/')
        name = self.cleanups.image(f'{repository}/{naming.unique_name(stem)}:features')
        self.sub_stuff['names'].append(name)
        args = [
            *opts.words('features_build_options'),
            *([] if self.builder_env == '1' else opts.words('legacy_build_options')),
            '--target', 'first', '--build-arg', f'TOKEN={self.sub_stuff["token"]}',
            '--label', self.sub_stuff['label'], *extra, '--tag', name, self.sub_stuff['context'],
        ]  # fmt: skip
        result = dockercalls.run(self, 'build', *args, timeout=opts.seconds('build_timeout_seconds'))
        dockercalls.na_if_unsupported(
            self, 'buildkit_missing', result, f'docker build with DOCKER_BUILDKIT={self.builder_env}'
        )
        self.failif(result.exit_status != 0, dockercalls.describe(result))
        return name

    def run_once(self):
        super().run_once()
        opts, token = Options(self), self.sub_stuff['token']
        first = self.build()
        self.sub_stuff['image_under_test'] = first
        got, listing, nonce = self.contents_of(first)
        self.failif_ne(got, token, f'the --build-arg TOKEN seen by RUN in {first}')
        names = listing.split()
        self.failif_not_in(opts.text('kept_file'), names, f'the build context copied into {first}')
        self.failif(
            opts.text('ignored_file') in names,
            f'{opts.text("ignored_file")}, named in .dockerignore, was sent to the build of {first}',
        )
        labels = dockercalls.inspect_field(self, first, '{{json .Config.Labels}}', kind='image')
        key, _, value = self.sub_stuff['label'].partition('=')
        self.failif_not_in(f'"{key}":"{value}"', labels, f'the labels of {first} (--label)')
        again = self.build()
        self.failif_ne(
            self.contents_of(again)[2],
            nonce,
            f'the RUN output of a second identical build ({again}): the cache was not used',
        )
        fresh = self.build('--no-cache')
        self.failif(
            self.contents_of(fresh)[2] == nonce, f'the RUN output of a --no-cache build ({fresh}) came from the cache'
        )
        self.loginfo(
            'DOCKER_BUILDKIT=%s: --target skipped the failing later stage; --build-arg, .dockerignore and --label '
            'reached the image; a second build reused the cache and --no-cache did not',
            self.builder_env,
        )

    def contents_of(self, name):
        """(token, listing, nonce) read from the image ``name``."""
        values = []
        prefix = Options(self).text('container_name_prefix')
        for path in ('/token', '/listing', '/nonce'):
            result = dockercalls.run(
                self, 'run', '--rm', f'--name={self.cleanups.container(naming.unique_name(prefix))}',
                '--network=none', name, 'cat', path,
            )  # fmt: skip
            self.failif(
                result.exit_status != 0, f'reading {path} of the built image {name}: {dockercalls.describe(result)}'
            )
            values.append(result.stdout.strip())
        return values

    def cleanup(self):
        saved = self.sub_stuff.get('saved_env')
        if saved is None:
            os.environ.pop('DOCKER_BUILDKIT', None)
        else:
            os.environ['DOCKER_BUILDKIT'] = saved
        super().cleanup()


class features_legacy(features):
    """The features with the legacy builder (``DOCKER_BUILDKIT=0``)."""

    builder_env = '0'


class features_buildkit(features):
    """The features with BuildKit (``DOCKER_BUILDKIT=1``); TEST_NA where the client or engine has none."""

    builder_env = '1'
