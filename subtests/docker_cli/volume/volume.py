"""
Summary
-------

Checks named and anonymous volumes: ``docker volume create``, ``ls --filter label=...``,
``inspect`` and ``rm``; a named volume shared by two containers keeps its data after they are gone;
a volume in use cannot be removed; ``docker rm --volumes`` removes a container's anonymous volume;
the ``local`` driver mounts a tmpfs with the size it was given.

Operational Summary
-------------------

Every volume has a unique name registered for cleanup before ``docker volume create``; every
container is the test image under a unique name registered for cleanup.

#. ``lifecycle``: ``docker volume create --label <label_key>=<token>`` makes a volume; ``docker volume
   ls --quiet --filter label=<label_key>=<token>`` lists exactly it; ``docker volume inspect`` gives
   its name, the ``local`` driver, the label and a mount point; ``docker volume rm`` removes it, after
   which the filtered ``ls`` lists nothing and ``inspect`` fails.
#. ``shared``: a container writes a token into the volume (mounted at ``mount_point``) and keeps
   running; a second container sees the token while the first runs; once both are removed a third
   container still reads it from the volume.
#. ``in_use``: while a running container mounts the volume, ``docker volume rm`` fails with
   ``in_use_msg`` and the volume is still there; after the container is removed, ``rm`` succeeds.
#. ``anonymous``: ``docker run --volume <mount_point>`` makes an anonymous volume (read from the
   container's ``Mounts``); ``docker rm --volumes`` of the container removes it.
#. ``tmpfs``: ``docker volume create --driver local --opt type=tmpfs --opt device=tmpfs --opt
   o=size=<tmpfs_size>``; a container sees a ``tmpfs`` at ``mount_point`` whose mount options hold
   ``tmpfs_mount_option`` and can write a file there.
#. Cleanup removes the containers, then the volumes.

Prerequisites
-------------

* The test image, with busybox ``sh``, ``cat``, ``grep`` and ``sleep``.
* The engine's ``local`` volume driver; ``tmpfs`` needs the daemon to be allowed to mount a tmpfs.

Configuration
-------------

* ``volume_name_prefix``, ``container_name_prefix``: prefixes of the unique names.
* ``label_key``: the key of the subtest's own label (its value is a token made per run).
* ``mount_point``: where the containers mount the volume.
* ``in_use_msg``: ``|``-separated texts, one of which the refusal to remove a volume in use holds.
* ``missing_msg``: ``|``-separated texts, one of which ``volume inspect`` of a removed volume prints.
* ``tmpfs_size``: the ``size=`` given to the tmpfs volume; ``tmpfs_mount_option``: the mount option it
  shows inside the container (the kernel prints the size in kibibytes).
"""

import secrets

from dockertest import dockercalls, subtest
from dockertest.options import Options


class volume(subtest.SubSubtestCaller):
    """Runs the volume checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class volume_base(subtest.SubSubtest):
    """Helpers: make a volume, run containers on it, read its listing."""

    def new_volume(self, *options):
        """A new volume (unique name, registered for cleanup) made with ``options``; its name."""
        return dockercalls.create_object(self, 'volume', Options(self).text('volume_name_prefix'), *options)

    def mount(self, name):
        """The ``--volume`` option mounting ``name`` at ``mount_point``."""
        return f'--volume={name}:{Options(self).text("mount_point")}'

    def start(self, command, *options):
        """A running container of the test image with ``options``; its name."""
        prefix = Options(self).text('container_name_prefix')
        return dockercalls.start_container(self, prefix, ['sh', '-c', command], list(options))

    def once(self, command, *options):
        """The standard output of a short ``docker run --rm`` of ``command``; fails when it fails."""
        result = dockercalls.run_removed(
            self, Options(self).text('container_name_prefix'), ['sh', '-c', command], list(options)
        )
        self.failif(result.exit_status != 0, dockercalls.describe(result))
        return result.stdout

    def remove_container(self, name):
        """``docker rm --force <name>`` (its named volumes stay); checked, then no longer tracked."""
        dockercalls.must_pass(self, 'rm', '--force', name)
        self.cleanups.forget('container', name)

    def listed(self, label):
        """The volume names ``docker volume ls --filter label=<label>`` prints."""
        return dockercalls.must_pass(self, 'volume', 'ls', '--quiet', '--filter', f'label={label}').stdout.split()

    def expect_missing(self, name, what):
        """``docker volume inspect <name>`` fails with ``missing_msg``."""
        dockercalls.must_fail(self, 'missing_msg', f'{what}, volume {name}', 'volume', 'inspect', name)


class lifecycle(volume_base):
    """create, ls --filter label=, inspect and rm of a labelled volume."""

    def run_once(self):
        super().run_once()
        label = f'{Options(self).text("label_key")}={secrets.token_hex(6)}'
        name = self.new_volume('--label', label)
        self.failif_ne(self.listed(label), [name], f'docker volume ls --filter label={label}')
        template = '{{.Name}} {{.Driver}} {{json .Labels}} {{.Mountpoint}}'
        fields = dockercalls.must_pass(self, 'volume', 'inspect', '--format', template, name).stdout.split(' ', 3)
        self.failif_ne(fields[:2], [name, 'local'], f'name and driver of volume {name} per docker volume inspect')
        key, _, value = label.partition('=')
        self.failif_not_in(f'"{key}":"{value}"', fields[2], f'the labels of volume {name} per docker volume inspect')
        self.failif(not fields[3].strip(), f'docker volume inspect gives volume {name} no mount point')
        dockercalls.must_pass(self, 'volume', 'rm', name)
        self.cleanups.forget('volume', name)
        self.failif_ne(self.listed(label), [], f'docker volume ls --filter label={label} after docker volume rm')
        self.expect_missing(name, 'after docker volume rm')
        self.loginfo('volume %s created, listed by its label, inspected and removed', name)


class shared(volume_base):
    """A named volume shared by two containers keeps its data after both are gone."""

    def run_once(self):
        super().run_once()
        name, token = self.new_volume(), secrets.token_hex(8)
        path = f'{Options(self).text("mount_point")}/token'
        writer = self.start(f'echo {token} > {path} && exec sleep 600', self.mount(name))
        seen = self.once(
            f'for i in $(seq 50); do test -s {path} && break; sleep 0.2; done; cat {path}', self.mount(name)
        )
        self.failif_ne(seen.strip(), token, f'what a second container read from volume {name} while {writer} ran')
        self.remove_container(writer)
        kept = self.once(f'cat {path}', self.mount(name))
        self.failif_ne(kept.strip(), token, f'what volume {name} held after the containers that used it were removed')
        self.loginfo('volume %s shared by two containers; its data outlived them', name)


class in_use(volume_base):
    """docker volume rm of a volume a running container mounts fails; after the container, it passes."""

    def run_once(self):
        super().run_once()
        name = self.new_volume()
        user = self.start('exec sleep 600', self.mount(name))
        dockercalls.must_fail(self, 'in_use_msg', f'volume {name} while container {user} used it', 'volume', 'rm', name)
        dockercalls.must_pass(self, 'volume', 'inspect', name)
        self.remove_container(user)
        dockercalls.must_pass(self, 'volume', 'rm', name)
        self.cleanups.forget('volume', name)
        self.loginfo('volume %s could not be removed while in use, and could afterwards', name)


class anonymous(volume_base):
    """docker rm --volumes removes a container's anonymous volume."""

    def run_once(self):
        super().run_once()
        point = Options(self).text('mount_point')
        user = self.start('exec sleep 600', f'--volume={point}')
        template = f'{{{{range .Mounts}}}}{{{{if eq .Destination "{point}"}}}}{{{{.Name}}}}{{{{end}}}}{{{{end}}}}'
        name = dockercalls.inspect_field(self, user, template)
        self.failif(not name, f'container {user} has no anonymous volume at {point} in its Mounts')
        self.cleanups.volume(name)
        dockercalls.must_pass(self, 'volume', 'inspect', name)
        dockercalls.must_pass(self, 'rm', '--force', '--volumes', user)
        self.cleanups.forget('container', user)
        self.expect_missing(name, f'the anonymous volume of container {user} after docker rm --volumes')
        self.cleanups.forget('volume', name)
        self.loginfo('docker rm --volumes removed the anonymous volume %s', name)


class tmpfs(volume_base):
    """The local driver with tmpfs options mounts a tmpfs of the given size."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        size, point = opts.text('tmpfs_size'), opts.text('mount_point')
        name = self.new_volume(
            '--driver', 'local', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', '--opt', f'o=size={size}'
        )
        mounts = self.once(
            f'grep " {point} " /proc/mounts && echo x > {point}/file && cat {point}/file', self.mount(name)
        )
        lines = mounts.splitlines()
        fields = lines[0].split() if lines else []
        self.failif(len(fields) < 4, f'no mount at {point} in the container of tmpfs volume {name}: {mounts!r}')
        self.failif_ne(fields[2], 'tmpfs', f'the file system type at {point} of volume {name}')
        wanted = opts.text('tmpfs_mount_option')
        self.failif_not_in(wanted, fields[3].split(','), f'the mount options of tmpfs volume {name}')
        self.failif_ne(lines[-1], 'x', f'a file written to tmpfs volume {name}')
        self.loginfo('tmpfs volume %s: %s', name, fields[3])
