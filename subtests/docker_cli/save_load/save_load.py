"""
Summary
-------

Checks ``docker save`` and ``docker load``: one image, and several in one archive, come back with
their ids and tags after they were removed; a truncated or corrupted archive fails with the engine's
error and loads nothing.

Operational Summary
-------------------

Each sub-subtest makes its own small images: ``docker import`` of a one-file tar holding a random
token, under ``localhost/<unique>:<image_tag>`` (registered for cleanup), so each image has an id
of its own and removing its name removes it.

#. ``one``: ``docker save --output <tmpdir>/archive.tar`` of one image, ``docker rmi`` (``docker
   image inspect`` must no longer find it), ``docker load --input`` of the archive; the image is
   back under its name with the same id.
#. ``several``: the same with ``several_count`` images saved in one archive (with
   ``several_save_options``).
#. ``truncated``: the archive of one image cut to ``truncate_percent`` percent of its size; after
   ``docker rmi``, ``docker load`` of it must fail with one of ``bad_archive_msgs`` and the name
   must stay unknown.
#. ``corrupt``: the archive of one image with the middle of its largest member (the layer)
   overwritten by random bytes of the same length; ``docker load`` must fail as for ``truncated``
   and load nothing.

Prerequisites
-------------

* Room in the test's temporary directory for a few small archives.

Configuration
-------------

* ``image_name_prefix``: prefix of the image names (``localhost/<prefix>_<random>``).
* ``image_tag``: the tag of those images.
* ``several_count``: how many images ``several`` saves in one archive (at least 2).
* ``several_save_options``: more ``docker save`` options for an archive of several images.
* ``truncate_percent``: how much of the archive ``truncated`` keeps (1-99).
* ``bad_archive_msgs``: ``|``-separated texts, one of which the error of loading a truncated or
  corrupted archive must hold.
"""

import io
import os
import secrets
import tarfile

from dockertest import dockercalls, naming, subtest, xceptions
from dockertest.options import Options


class save_load(subtest.SubSubtestCaller):
    """Runs the ``docker save``/``docker load`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class save_load_base(subtest.SubSubtest):
    """Make images of their own, save them, remove them."""

    def make_image(self):
        """``docker import`` of a one-file tar with a random token; (name, id)."""
        opts = Options(self)
        name = self.cleanups.image(
            f'localhost/{naming.unique_name(opts.text("image_name_prefix"))}:{opts.text("image_tag")}'
        )
        token = secrets.token_hex(16).encode()
        data = io.BytesIO()
        with tarfile.open(fileobj=data, mode='w') as tar:
            member = tarfile.TarInfo('token.txt')
            member.size, member.mode = len(token), 0o644
            tar.addfile(member, io.BytesIO(token))
        dockercalls.must_pass(self, 'import', '-', name, stdin=data.getvalue())
        return name, dockercalls.inspect_field(self, name, '{{.Id}}', 'image')

    def save_and_remove(self, names):
        """``docker save`` of ``names`` into one archive, then ``docker rmi`` of each; the archive's path."""
        archive = os.path.join(self.tmpdir, 'archive.tar')
        options = Options(self).words('several_save_options') if len(names) > 1 else []
        dockercalls.must_pass(self, 'save', *options, '--output', archive, *names)
        self.failif(not os.path.getsize(archive), f'docker save of {" ".join(names)} wrote an empty archive')
        for name in names:
            dockercalls.must_pass(self, 'rmi', name)
            self.assert_absent(name, 'after docker rmi')
        return archive

    def assert_absent(self, name, when):
        """Fail when ``docker image inspect`` still finds ``name``."""
        found = dockercalls.run(self, 'image', 'inspect', '--format', '{{.Id}}', name)
        self.failif(found.exit_status == 0, f'{name} is there {when} (id {found.stdout.strip()[:19]})')

    def load_back(self, images):
        """``docker load`` of the archive; each of ``images`` (name, id) is back with its id."""
        result = dockercalls.must_pass(self, 'load', '--input', self.sub_stuff['archive'])
        for name, image_id in images:
            found = dockercalls.run(self, 'image', 'inspect', '--format', '{{.Id}}', name)
            self.failif(
                found.exit_status != 0, f'{name} is not there after docker load passed ({result.stdout.strip()})'
            )
            self.failif_ne(found.stdout.strip(), image_id, f'the id of {name} after docker load')
        self.loginfo('loaded back %s', ', '.join(name for name, _ in images))

    def load_fails(self, name, what):
        """``docker load`` of the damaged archive fails with one of ``bad_archive_msgs`` and loads nothing."""
        result = dockercalls.run(self, 'load', '--input', self.sub_stuff['archive'])
        dockercalls.refused(self, result, 'bad_archive_msgs', f'docker load of the {what} archive')
        self.assert_absent(name, f'after docker load of the {what} archive failed')
        self.loginfo('docker load of the %s archive failed: %s', what, ' '.join(result.stderr.split())[-200:])


class one(save_load_base):
    """Save one image, remove it, load it back."""

    def run_once(self):
        super().run_once()
        image = self.make_image()
        self.sub_stuff['archive'] = self.save_and_remove([image[0]])
        self.load_back([image])


class several(save_load_base):
    """Save several images in one archive, remove them, load them back."""

    def run_once(self):
        super().run_once()
        images = [self.make_image() for _ in range(Options(self).integer('several_count', minimum=2))]
        self.sub_stuff['archive'] = self.save_and_remove([name for name, _ in images])
        self.load_back(images)


class truncated(save_load_base):
    """A truncated archive fails to load and loads nothing."""

    def run_once(self):
        super().run_once()
        percent = Options(self).integer('truncate_percent', minimum=1)
        if percent > 99:
            raise xceptions.DockerValueError(f'[{self.config_section}] truncate_percent: {percent} is above 99')
        name, _ = self.make_image()
        archive = self.sub_stuff['archive'] = self.save_and_remove([name])
        with open(archive, 'r+b') as handle:
            handle.truncate(os.path.getsize(archive) * percent // 100)
        self.load_fails(name, 'truncated')


class corrupt(save_load_base):
    """An archive whose layer was overwritten in its middle fails to load and loads nothing."""

    def run_once(self):
        super().run_once()
        name, _ = self.make_image()
        archive = self.sub_stuff['archive'] = self.save_and_remove([name])
        with tarfile.open(archive) as tar:
            largest = max((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.size)
        length = max(1, largest.size // 4)
        with open(archive, 'r+b') as handle:
            handle.seek(largest.offset_data + (largest.size - length) // 2)
            handle.write(os.urandom(length))
        self.loginfo('overwrote %d bytes in the middle of %s (%d bytes)', length, largest.name, largest.size)
        self.load_fails(name, 'corrupted')
