"""
Summary
-------

Checks that ``docker cp`` copies a file out of a container intact.

Operational Summary
-------------------

#. ``docker run --name=<random> <test image> /bin/bash -c '...'`` writes a random string to a file
   under ``/tmp`` in the container and prints the file's ``md5sum``.
#. ``docker cp <name>:<file> <tmpdir>`` copies the file out of the (exited) container; it must exit 0.
#. The md5 of the copy must equal the md5 printed inside the container, and the copy must hold the
   random string.
#. The container is registered in the cleanup registry before it is created, so it is removed on
   success, failure and timeout alike when ``remove_after_test`` is on.

Prerequisites
-------------

A docker daemon answering on its socket, and the test image (with ``/bin/bash`` and ``md5sum``)
present locally.

Configuration
-------------

``remove_after_test`` says whether to remove the container made by the test; ``docker_timeout``
bounds each docker command.
"""

import hashlib
import os
import re

from autotest.client.shared import utils
from dockertest import dockercalls, naming, subtest
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.options import Options

MD5_LINE = re.compile(r'^([0-9a-f]{32})\s+(\S+)\s*$', re.MULTILINE)


class cp(subtest.Subtest):
    """Copies a file written in a container out with ``docker cp`` and compares md5 sums."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['name'] = self.cleanups.container(naming.unique_name('cp', 12))
        self.stuff['content'] = utils.generate_random_string(64)
        self.stuff['path'] = f'/tmp/{naming.unique_name("cp")}.txt'

    def run_once(self):
        super().run_once()
        path = self.stuff['path']
        script = f"echo '{self.stuff['content']}' > {path} && md5sum {path}"
        subargs = [f'--name={self.stuff["name"]}', Options(self).image(), '/bin/bash', '-c', script]
        self.stuff['run'] = NoFailDockerCmd(self, 'run', subargs, raw_subargs=True).execute()
        self.stuff['cp'] = dockercalls.run(self, 'cp', f'{self.stuff["name"]}:{path}', self.tmpdir)

    def postprocess(self):
        super().postprocess()
        found = MD5_LINE.search(self.stuff['run'].stdout)
        self.failif(
            found is None or found.group(2) != self.stuff['path'],
            f'No md5sum line for {self.stuff["path"]} in the container output {self.stuff["run"].stdout!r}',
        )
        copied = self.stuff['cp']
        self.failif_ne(copied.exit_status, 0, f'Exit status of {copied.command} (stderr {copied.stderr!r})')
        local = os.path.join(self.tmpdir, os.path.basename(self.stuff['path']))
        self.failif(not os.path.isfile(local), f'docker cp reported success but {local} does not exist')
        with open(local, 'rb') as handle:
            data = handle.read()
        self.failif_ne(hashlib.md5(data).hexdigest(), found.group(1), 'md5 of the copied file against the container')
        self.failif_ne(data.decode('utf-8', 'replace').strip(), self.stuff['content'], 'content of the copied file')
        self.loginfo('Copied file matches md5 %s', found.group(1))
