"""
Summary
-------

This test is actually composed of a number of sub-sub-tests. It demonstrates and supports
executing multiple variations of a test for the same docker-command. Here, the test is named
``dockerimport`` because ``import`` is a python-keyword.

The sub-sub-tests run somewhat in parallel, with the order fixed by a configuration option. This
means all sub-sub-test's ``run_once()`` methods will be called first before each sub-sub-test's
``postprocess()`` methods. All sub-sub-tests ``cleanup()`` methods are guaranteed to run, even if
an exception or error occurs.

Operational Summary
-------------------

#. ``empty``: ``tar_command tar_options`` archives an empty directory; the archive is fed to
   ``docker import - <unique name>``, which must exit 0 with good output printing the new image
   id, and the image must be listed under its name with that id.
#. ``truncated``: archives ``include_dirs`` (by default a few random files the sub-subtest writes),
   cuts the archive to ``truncate_percent`` of its size and feeds it to ``docker import``, which
   must fail without a crash and leave no image under the name.
#. Cleanup removes the imported images (``try_remove_after_test``).

Fitted to today's setup: the 2014 default ``include_dirs = /usr/bin`` archived hundreds of
megabytes; the default is now a few small random files, so the cut always falls inside file data.

Prerequisites
-------------

*  Enough disk space to construct and import several base images at the same time.
*  The ``tar`` command (``tar_command``).

Configuration
-------------

Configuration for this subtest consists of a few options which control overall sub-sub-test
execution. Further, unique sections for each sub-sub-test are also used.

*  The ``image_name_prefix`` and ``image_name_postfix`` specify values used to automatically
   generate a unique image name. The unique part will be sandwiched in-between these options
   values.
*  ``try_remove_after_test`` is exactly like the same option in the ``docker_cli/build``
   subtest.
*  The ``test_subsubtest_postfixes`` contains a CSV listing of the sub-sub-test modules (and
   class) names to run (in order); ``subsubtests`` takes its value from it.
*  The sub-sub-test section options list the tar-command location and options to use before
   sending the content into the docker import command (``tar_command``, ``tar_options``), and for
   ``truncated`` also ``truncate_percent`` and ``include_dirs``.
"""

import os
import shlex
import subprocess

from dockertest import images, subtest, xceptions
from dockertest.dockercmd import DockerCmd
from dockertest.options import Options
from dockertest.output import OutputGood, OutputNotBad


class dockerimport(subtest.SubSubtestCallerSimultaneous):
    """Runs the ``docker import`` variations named by ``test_subsubtest_postfixes``."""

    version = '0.1.0'
    failure_details = True


class empty(subtest.SubSubtest):
    """Import an archive of an empty directory: a new, empty image."""

    def source_dirs(self):
        """The directories archived: an empty one."""
        path = os.path.join(self.tmpdir, 'empty')
        os.mkdir(path)
        return [path]

    def make_archive(self):
        """The archive fed to ``docker import``, made by ``tar_command`` with ``tar_options``.

        Raises:
            DockerTestError: tar cannot run or fails; the message names the command.
        """
        argv = [self.config['tar_command'], *shlex.split(self.config['tar_options'] or '')]
        for path in self.source_dirs():
            argv += ['-C', path, '.']
        try:
            proc = subprocess.run(argv, capture_output=True, timeout=self.config['docker_timeout'], check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise xceptions.DockerTestError(f'{shlex.join(argv)} cannot be run: {err}') from err
        if proc.returncode != 0:
            raise xceptions.DockerTestError(f'{shlex.join(argv)} failed: {proc.stderr.decode(errors="replace")}')
        return proc.stdout

    def initialize(self):
        super().initialize()
        prefix, postfix = self.config['image_name_prefix'], self.config['image_name_postfix']
        self.sub_stuff['name'] = images.DockerImages(self).get_unique_name(prefix, postfix)
        self.sub_stuff['archive'] = self.make_archive()
        self.loginfo('archive of %d bytes for %s', len(self.sub_stuff['archive']), self.sub_stuff['name'])

    def run_once(self):
        super().run_once()
        cmd = DockerCmd(self, 'import', ['-', self.sub_stuff['name']])
        self.sub_stuff['imported'] = True
        self.sub_stuff['result'] = cmd.execute(stdin=self.sub_stuff['archive'])
        self.loginfo('%s: exit %s', cmd.command, self.sub_stuff['result'].exit_status)

    def listed(self):
        """The listed images under the name."""
        return [img for img in images.DockerImages(self).list_imgs() if img.full_name == self.sub_stuff['name']]

    def postprocess(self):
        super().postprocess()
        result, name = self.sub_stuff['result'], self.sub_stuff['name']
        self.failif_ne(result.exit_status, 0, f'Exit status of {result.command}')
        checked = OutputGood(result, ignore_error=True)
        self.failif(not checked, f'Bad output of {result.command}: {checked}')
        found = self.listed()
        self.failif(not found, f'Imported image {name} is not listed by docker images after a reported success')
        self.failif_ne(result.stdout.strip(), found[0].long_id, f'Image id printed by docker import for {name}')

    def cleanup(self):
        super().cleanup()
        if self.config['try_remove_after_test'] and self.sub_stuff.get('imported'):
            images.DockerImages(self).clean_all([self.sub_stuff['name']])


class truncated(empty):
    """Import an archive cut short: docker must refuse it and make no image."""

    def source_dirs(self):
        """``include_dirs``, or a directory of a few random files when it is empty."""
        dirs = Options(self).list('include_dirs')
        if dirs:
            return dirs
        path = os.path.join(self.tmpdir, 'files')
        os.mkdir(path)
        for index in range(4):
            with open(os.path.join(path, f'file{index}'), 'wb') as handle:
                handle.write(os.urandom(64 * 1024))
        return [path]

    def make_archive(self):
        """The archive, cut to ``truncate_percent`` of its size."""
        archive = super().make_archive()
        return archive[: len(archive) * int(self.config['truncate_percent']) // 100]

    def postprocess(self):
        subtest.SubSubtest.postprocess(self)
        result, name = self.sub_stuff['result'], self.sub_stuff['name']
        self.failif(result.exit_status == 0, f'{result.command} of a truncated archive succeeded')
        checked = OutputNotBad(result, ignore_error=True)
        self.failif(not checked, f'Bad output of {result.command}: {checked}')
        self.failif(bool(self.listed()), f'Image {name} is listed although importing a truncated archive failed')
