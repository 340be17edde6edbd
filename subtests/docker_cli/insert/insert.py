"""
Summary
-------

Simple test that checks the success of the ``docker insert`` command. It inserts the file at the URL
into an image, then verifies that it was inserted intact.

``docker insert`` was deprecated in docker 1.0 and removed in 1.1.0 (2014). On a client without it
the subtest reports TEST_NA and says so; it asks the client rather than assuming, so an engine that
still has the command is tested for real.

Operational Summary
-------------------

#. With an empty ``file_url``, TEST_NA.
#. Run ``docker insert`` without arguments: a client answering that ``insert`` is not a docker
   command (``no_such_command``) makes the subtest TEST_NA, quoting the client's answer.
#. Download ``file_url`` on the host and take its md5 sum.
#. ``docker insert <test image> <file_url> <random path>`` must succeed; the new image's id is the
   last word it prints.
#. ``docker run --rm <new image> md5sum <path>`` must print the host's md5 sum.
#. ``cleanup()`` removes the container and the new image (the cleanup registry) when ``remove_after_test`` is on.

Prerequisites
-------------

A docker client and engine that still have ``insert`` (none released since 2014), and ``file_url``
reachable from both the host and the daemon. The default URL is the static busybox the host setup
serves on the loopback interface.

Configuration
-------------

``file_url`` is the URL of the file inserted during the test (empty: TEST_NA);
``no_such_command`` is a regular expression matching what a client without the command answers;
``remove_after_test`` says whether the image the test creates is removed afterwards.
"""

import hashlib
import re
import urllib.request

from dockertest import naming, subtest, xceptions
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd
from dockertest.options import Options


class insert(subtest.Subtest):
    """Inserts ``file_url`` into the test image and checks the file's md5 sum inside a container."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['url'] = str(self.config.get('file_url') or '').strip()
        if not self.stuff['url']:
            raise xceptions.DockerTestNAError(f'[{self.config_section}] file_url is empty: nothing to insert')
        probe = DockerCmd(self, 'insert').execute()
        answer = f'{probe.stderr}\n{probe.stdout}'
        no_such_command = re.compile(str(self.config['no_such_command']), re.IGNORECASE)
        if probe.exit_status != 0 and no_such_command.search(answer):
            first = next(line.strip() for line in answer.splitlines() if no_such_command.search(line))
            raise xceptions.DockerTestNAError(
                f'The docker client {self.config["docker_path"]} has no insert command (removed in docker '
                f'1.1.0): it answers {first!r}'
            )
        self.stuff['name'] = naming.unique_name('dockertest_insert')
        self.stuff['path'] = f'/tmp/{self.stuff["name"]}'

    def run_once(self):
        super().run_once()
        timeout = float(self.config['docker_timeout'])
        with urllib.request.urlopen(self.stuff['url'], timeout=timeout) as response:
            self.stuff['md5'] = hashlib.md5(response.read()).hexdigest()
        args = [Options(self).image(), self.stuff['url'], self.stuff['path']]
        words = NoFailDockerCmd(self, 'insert', args, raw_subargs=True).execute().stdout.split()
        self.failif(not words, 'docker insert printed no image id')
        self.stuff['image'] = self.cleanups.image(words[-1])
        self.cleanups.container(self.stuff['name'])
        run = NoFailDockerCmd(
            self,
            'run',
            ['--rm', '--name', self.stuff['name'], self.stuff['image'], 'md5sum', self.stuff['path']],
            raw_subargs=True,
        )
        self.stuff['inside'] = run.execute().stdout

    def postprocess(self):
        super().postprocess()
        inside = (self.stuff['inside'].split() or [''])[0]
        self.failif_ne(inside, self.stuff['md5'], f'md5 sum of {self.stuff["path"]} in the inserted image')
