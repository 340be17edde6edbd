"""
Summary
-------

Checks ``docker update`` of a running container: new ``--memory``, ``--cpus`` and ``--restart``
values show in ``docker inspect`` and, for the limits, in the container's own cgroup files.

Operational Summary
-------------------

#. ``docker run --detach --memory <memory_before>m`` starts a container (unique name, registered for
   cleanup) running ``sleep``.
#. ``docker update --memory <memory_after>m --cpus <cpus>`` passes. A warning or error of the engine
   that the kernel (or the engine) lacks what the update needs (``unsupported_msgs``) makes the
   subtest TEST_NA, quoting it.
#. In the container (``docker exec``), the first of ``memory_files`` that exists holds the new
   memory limit in bytes, and the first of ``cpu_files`` that exists gives a quota/period equal to
   ``cpus`` (cgroup v2 ``cpu.max`` is ``<quota> <period>``; cgroup v1 has ``cpu.cfs_quota_us`` and
   ``cpu.cfs_period_us``).
#. ``docker inspect``: ``HostConfig.Memory`` is ``memory_after`` MiB in bytes, ``HostConfig.NanoCpus``
   is ``cpus`` times 10^9; the container still runs.
#. ``docker update --restart <restart>`` passes (TEST_NA as above, once the limits were checked) and
   ``docker inspect`` shows ``HostConfig.RestartPolicy`` as ``restart``; the container still runs.
#. Cleanup removes the container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh``, ``cat`` and ``sleep``.
* The kernel's memory and cpu cgroup controllers, visible in the container under
  ``/sys/fs/cgroup``.

Configuration
-------------

* ``container_name_prefix``: prefix of the container name.
* ``memory_before``, ``memory_after``: the memory limit in MiB at the start and after the update.
* ``cpus``: the ``--cpus`` of the update.
* ``restart``: the ``--restart`` of the update.
* ``memory_files``: CSV of the container's memory limit files, tried in order (cgroup v2, v1).
* ``cpu_files``: CSV of the container's CPU quota files, tried in order: a v2 ``cpu.max`` or a v1
  ``cpu.cfs_quota_us`` (whose ``cpu.cfs_period_us`` sits beside it).
* ``unsupported_msgs``: ``|``-separated texts of the engine's warnings and errors when the kernel
  lacks a controller, or the engine the update (an engine profile adds its own answers).
"""

from dockertest import dockercalls, subtest, xceptions
from dockertest.options import Options


class update(subtest.Subtest):
    """Update the limits and restart policy of a running container; check inspect and the cgroup files."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        name = dockercalls.container_name(self)
        before = opts.integer('memory_before', minimum=8)
        args = ['--detach', f'--name={name}', f'--memory={before}m', opts.image(), 'sleep', '600']
        dockercalls.must_pass_or_na(self, 'unsupported_msgs', 'run', *args)
        self.stuff['name'] = name

    def first_file(self, option):
        """(path, content) of the first existing file of ``option`` in the container."""
        for path in Options(self).list(option, allow_empty=False):
            result = dockercalls.run(self, 'exec', self.stuff['name'], 'cat', path)
            if result.exit_status == 0:
                return path, result.stdout.strip()
        raise xceptions.DockerTestNAError(
            f'none of {self.config[option]} exists in the container: no cgroup file to check the update in'
        )

    def run_once(self):
        super().run_once()
        opts, name = Options(self), self.stuff['name']
        after, cpus, restart = opts.integer('memory_after', minimum=8), opts.number('cpus'), opts.text('restart')
        dockercalls.must_pass_or_na(self, 'unsupported_msgs', 'update', f'--memory={after}m', f'--cpus={cpus:g}', name)
        self.check_cgroup_files(after, cpus)
        template = '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.State.Running}}'
        shown = dockercalls.inspect_field(self, name, template).split()
        expected = [str(after * 1024**2), str(round(cpus * 1e9)), 'true']
        self.failif_ne(
            shown, expected, 'HostConfig.Memory, NanoCpus and State.Running in docker inspect after docker update'
        )
        self.loginfo('docker update: memory %d MiB and %g CPUs in inspect and in the cgroup files', after, cpus)
        dockercalls.must_pass_or_na(self, 'unsupported_msgs', 'update', f'--restart={restart}', name)
        template = (
            '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.State.Running}}'
        )
        kind, _, count = restart.partition(':')
        self.failif_ne(
            dockercalls.inspect_field(self, name, template).split(),
            [f'{kind}:{count or 0}', 'true'],
            'HostConfig.RestartPolicy and State.Running after docker update --restart',
        )
        self.loginfo('docker update: --restart=%s in inspect', restart)

    def check_cgroup_files(self, after, cpus):
        """Fail unless the container's cgroup files hold ``after`` MiB and ``cpus`` CPUs."""
        name = self.stuff['name']
        path, limit = self.first_file('memory_files')
        self.failif_ne(limit, str(after * 1024**2), f'the memory limit in {path}')
        path, quota = self.first_file('cpu_files')
        if path.endswith('cpu.max'):
            quota, _, period = quota.partition(' ')
        else:
            period = dockercalls.must_pass(
                self, 'exec', name, 'cat', path.replace('cfs_quota_us', 'cfs_period_us')
            ).stdout
        try:
            ratio = int(quota) / int(period)
        except ValueError:
            raise xceptions.DockerTestFail(f'{path}: quota {quota!r} and period {period!r} are not numbers') from None
        self.failif(abs(ratio - cpus) > 0.001, f'the CPU quota in {path} is {ratio:g} CPUs; expected {cpus:g}')
