"""
Summary
-------

Reads, then writes, a file through a host path mounted as a volume in a container. Meant for NFS,
SMB and other remote filesystems mounted on the host; by default it tests a local temporary
directory.

Operational Summary
-------------------

For each pair of ``host_paths`` and ``cntr_paths``, the ``volumes_rw`` sub-subtest:

#. writes a file of random data with a random name into the host path, and takes its md5 sum;
#. runs ``docker run <run_template> <test image> /bin/bash -c <cmd_template>``: the container reads
   the file through the volume and writes the md5 of what it read into a second file beside it;
#. waits, up to ``wait_stop`` seconds, with ``docker wait``, for the container to exit 0;
#. compares the md5 the container wrote with the host's.

``cleanup()`` removes the containers (``docker rm --force --volumes``, which never deletes a host
path) and the files it wrote. An empty ``host_paths`` tests one new temporary directory (the
original gave TEST_NA), so the subtest runs on any host; a host path that does not exist gives
TEST_NA naming it. ``wait_stop`` bounds a wait for the containers now, instead of a fixed sleep
after them.

Prerequisites
-------------

The remote filesystems to test are mounted on the host, and containers may read and write inside
those mount points. The test image has ``/bin/bash``, ``cat`` and ``md5sum``.

Configuration
-------------

``host_paths`` and ``cntr_paths`` are the CSVs of host paths to test and the container paths they
are mounted at; they correspond one to one (with an empty ``host_paths``, the first of ``cntr_paths``
is used). ``run_template`` is the CSV of ``docker run`` options and ``cmd_template`` the command run
by ``/bin/bash -c`` in the container, both with ``${host_path}``, ``${cntr_path}``, ``${read_fn}``
(the file to read) and ``${write_fn}`` (the file to write) substituted. ``wait_stop`` bounds, in
seconds, the wait for the containers to exit. The test image comes from ``docker_repo_name``,
``docker_repo_tag``, ``docker_registry_host`` and ``docker_registry_user`` (copy
``config_defaults/defaults.ini`` to ``config_custom/defaults.ini`` to change them).
``remove_after_test`` says whether ``cleanup()`` removes the containers and files.
"""

import hashlib
import os
import shlex
from string import Template

from dockertest import naming, subtest, xceptions
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.options import Options


class run_volumes(subtest.SubSubtestCaller):
    """Runs the ``volumes_rw`` sub-subtest."""

    version = '0.9.0'


class volumes_rw(subtest.SubSubtest):
    """Reads and writes a file through each host path volume."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['containers'] = []
        self.sub_stuff['files'] = []
        self.sub_stuff['pairs'] = self.pairs()
        for host_path, _ in self.sub_stuff['pairs']:
            if not os.path.isdir(host_path):
                raise xceptions.DockerTestNAError(f'host path {host_path} (host_paths) is not a directory')

    def pairs(self):
        """``(host path, container path)`` of each volume to test."""
        cntr_paths = Options(self).list('cntr_paths')
        host_paths = Options(self).list('host_paths')
        if not host_paths:
            os.chmod(self.tmpdir, 0o777)
            host_paths = [self.tmpdir]
            cntr_paths = cntr_paths[:1]
        if len(host_paths) != len(cntr_paths) or not all(len(p) > 1 and p.startswith('/') for p in cntr_paths):
            raise xceptions.DockerTestError(
                f'[{self.config_section}] host_paths {host_paths} and cntr_paths {cntr_paths} must be the same '
                'number of absolute paths'
            )
        return list(zip(host_paths, cntr_paths))

    def filled(self, option, text, values):
        """``text`` of ``option`` with its ``${name}`` placeholders filled; a bad one is named with its option."""
        try:
            filled = Template(text).substitute(values)
            if option == 'run_template':
                shlex.split(filled)  # an unbalanced quote is named here too
        except (KeyError, ValueError) as err:
            known = ', '.join(f'${{{name}}}' for name in values)
            reason = f'unknown placeholder ${{{err.args[0]}}}' if isinstance(err, KeyError) else str(err)
            raise xceptions.DockerValueError(
                f'[{self.config_section}] {option} = {text!r}: {reason} '
                f'(write $$ for a literal $; the placeholders are {known})'
            ) from None
        return filled

    def run_once(self):
        super().run_once()
        image = Options(self).image()
        run_template = Options(self).list('run_template')
        for host_path, cntr_path in self.sub_stuff['pairs']:
            stem = naming.unique_name('run_volumes', 12)
            values = {
                'host_path': host_path,
                'cntr_path': cntr_path,
                'read_fn': f'{stem}.in',
                'write_fn': f'{stem}.md5',
            }
            data = os.urandom(4096)
            read_path, write_path = (os.path.join(host_path, values[key]) for key in ('read_fn', 'write_fn'))
            self.sub_stuff['files'] += [read_path, write_path]
            with open(read_path, 'wb') as handle:
                handle.write(data)
            subargs = [word for item in run_template for word in shlex.split(self.filled('run_template', item, values))]
            command = self.filled('cmd_template', str(self.config['cmd_template']), values)
            started = NoFailDockerCmd(self, 'run', [*subargs, image, '/bin/bash', '-c', command], raw_subargs=True)
            cid = started.execute().stdout.strip().splitlines()[-1]
            self.sub_stuff['containers'].append(self.cleanups.container(cid))
            self.sub_stuff.setdefault('results', []).append((host_path, cid, hashlib.md5(data).hexdigest(), write_path))

    def postprocess(self):
        super().postprocess()
        for host_path, cid, expected, write_path in self.sub_stuff['results']:
            try:
                waited = NoFailDockerCmd(self, 'wait', [cid], timeout=float(self.config['wait_stop'])).execute()
            except xceptions.DockerCommandError as err:
                raise xceptions.DockerTestFail(f'Container {cid[:12]} did not exit within wait_stop: {err}') from err
            self.failif_ne(waited.stdout.strip(), '0', f'Exit status of container {cid[:12]} on {host_path}')
            self.failif(not os.path.isfile(write_path), f'Container {cid[:12]} wrote no {write_path}')
            with open(write_path, encoding='utf-8', errors='replace') as handle:
                written = handle.read().split()
            self.failif_ne(written[:1], [expected], f'md5 written by container {cid[:12]} through {host_path}')
            self.loginfo('%s: md5 %s read and written through the volume', host_path, expected)

    def cleanup(self):
        super().cleanup()  # removes the containers (the cleanup registry)
        if not self.config['remove_after_test']:
            return
        for path in self.sub_stuff.get('files', []):
            if os.path.exists(path):
                os.remove(path)
