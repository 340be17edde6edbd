"""
Summary
-------

Checks that ``docker diff`` lists the files a container added, changed and deleted.

Operational Summary
-------------------

#. Each sub-subtest (``diff_add``, ``diff_change``, ``diff_delete``) runs its ``command`` in a
   container of the test image with a unique name; the command must succeed.
#. ``docker diff <container>`` must succeed, every line must read ``A|C|D <path>``, and every
   change-type and path pair of ``files_changed`` must be among them.
#. A missing pair or a malformed line fails the sub-subtest, naming it.
#. ``cleanup()`` removes the container.

Prerequisites
-------------

The test image, with ``touch``, ``sh`` and ``rm`` (busybox) and a ``/bin/true`` to delete.

Configuration
-------------

``subsubtests`` lists the sub-subtests to run. Each sub-subtest's ``command`` is the CSV of the
command's words (each word as it is, no shell unless the command runs one), and ``files_changed`` a
CSV of change-type, path pairs (``A`` added, ``C`` changed, ``D`` deleted) ``docker diff`` must list.
``remove_after_test`` removes the containers afterwards.
"""

import re

from dockertest import naming, output, subtest, xceptions
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.options import Options

LINE = re.compile(r'^([ACD]) (/.*)$')


class diff(subtest.SubSubtestCaller):
    """Runs the ``diff_add``, ``diff_change`` and ``diff_delete`` sub-subtests."""

    version = '0.9.0'


class diff_base(subtest.SubSubtest):
    """Runs ``command`` in a container, then checks ``docker diff`` for ``files_changed``."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['command'] = Options(self).list('command')
        pairs = Options(self).list('files_changed')
        if not self.sub_stuff['command'] or not pairs or len(pairs) % 2:
            raise xceptions.DockerValueError(
                f'[{self.config_section}] needs a command and files_changed as change-type,path pairs; '
                f'got command = {self.config["command"]!r}, files_changed = {self.config["files_changed"]!r}'
            )
        self.sub_stuff['expected'] = [f'{kind} {path}' for kind, path in zip(pairs[::2], pairs[1::2])]
        self.sub_stuff['name'] = naming.unique_name('dockertest_diff')

    def run_once(self):
        super().run_once()
        # Registered before the command: a run killed at its timeout may still have made it.
        args = [
            '--name',
            self.cleanups.container(self.sub_stuff['name']),
            Options(self).image(),
            *self.sub_stuff['command'],
        ]
        NoFailDockerCmd(self, 'run', args, raw_subargs=True).execute()
        result = NoFailDockerCmd(self, 'diff', [self.sub_stuff['name']], raw_subargs=True).execute()
        output.OutputGood(result)
        self.sub_stuff['diff'] = result.stdout

    def postprocess(self):
        super().postprocess()
        lines = [line.rstrip() for line in self.sub_stuff['diff'].splitlines() if line.strip()]
        bad = [line for line in lines if not LINE.match(line)]
        self.failif(bool(bad), f'docker diff printed lines that are not "A|C|D /path": {bad!r}')
        missing = [want for want in self.sub_stuff['expected'] if want not in lines]
        self.failif(
            bool(missing),
            f'docker diff after {self.sub_stuff["command"]!r} lacks {", ".join(missing)}; it listed {lines!r}',
        )
        self.loginfo('docker diff lists %s', ', '.join(self.sub_stuff['expected']))


class diff_add(diff_base):
    """A file added."""


class diff_change(diff_base):
    """A file changed."""


class diff_delete(diff_base):
    """A file deleted."""
