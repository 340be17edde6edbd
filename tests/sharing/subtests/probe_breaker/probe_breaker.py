"""Removes what existed before the job: the objects named by ``PROBE_VICTIMS`` and a test image tag."""

import os

from dockertest import subtest
from dockertest.dockercmd import NoFailDockerCmd


class probe_breaker(subtest.Subtest):
    def run_once(self):
        super().run_once()
        container, volume, network, image = os.environ['PROBE_VICTIMS'].split(',')
        NoFailDockerCmd(self, 'rm', ['-f', container]).execute()
        NoFailDockerCmd(self, 'volume', ['rm', volume]).execute()
        NoFailDockerCmd(self, 'network', ['rm', network]).execute()
        NoFailDockerCmd(self, 'rmi', [image]).execute()
