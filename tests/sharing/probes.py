"""What the probe subtests share: names, the objects they make, and the hand-shake with the test.

The test sets ``PROBE_DIR``; a probe that waits writes ``<PROBE_DIR>/<job id>.started`` and waits for
``<PROBE_DIR>/<job id>.go`` (so two jobs of one test wait apart).
"""

import os
import random
import string
import time

from dockertest import ownership
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd

TEST_IMAGE = 'localhost:5000/dockertest/busybox:latest'


def unique(word):
    tail = ''.join(random.choice(string.ascii_lowercase) for _ in range(6))
    return f'{ownership.job_prefix("probe_" + word)}_{tail}'


def make_all(subtest):
    """A running container, a new tag of the test image, a volume and a network, all the job's."""
    name = unique(subtest.__class__.__name__)
    made = {
        'container': name,
        'image': f'localhost:5000/probe/{name}:tag',
        'volume': name,
        'network': name,
    }
    NoFailDockerCmd(subtest, 'run', ['-d', '--name', name, TEST_IMAGE, 'sleep', '300']).execute()
    NoFailDockerCmd(subtest, 'tag', [TEST_IMAGE, made['image']]).execute()
    NoFailDockerCmd(subtest, 'volume', ['create', name]).execute()
    NoFailDockerCmd(subtest, 'network', ['create', name]).execute()
    return made


def missing(subtest, made):
    """The objects of ``made`` the engine no longer has."""
    checks = {
        'container': ['container', 'inspect'],
        'image': ['image', 'inspect'],
        'volume': ['volume', 'inspect'],
        'network': ['network', 'inspect'],
    }
    return [
        f'{kind} {made[kind]}'
        for kind, cmd in checks.items()
        if DockerCmd(subtest, cmd[0], [cmd[1], made[kind]]).execute().exit_status != 0
    ]


def remove_all(subtest, made):
    DockerCmd(subtest, 'rm', ['-f', made['container']]).execute()
    DockerCmd(subtest, 'rmi', [made['image']]).execute()
    DockerCmd(subtest, 'volume', ['rm', made['volume']]).execute()
    DockerCmd(subtest, 'network', ['rm', made['network']]).execute()


def hand_shake(limit=120.0):
    """Say this job has started, then wait for the test to say go."""
    base = os.path.join(os.environ['PROBE_DIR'], os.environ[ownership.ENV_JOB])
    with open(base + '.started', 'w') as handle:
        handle.write('started\n')
    end = time.monotonic() + limit
    while not os.path.exists(base + '.go'):
        if time.monotonic() > end:
            raise RuntimeError(f'no {base}.go within {limit:g} s')
        time.sleep(0.1)
