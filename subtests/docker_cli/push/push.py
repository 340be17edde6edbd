"""
Summary
-------

Checks ``docker push``: an image pushed to the loopback registry is stored there under the digest
the engine reports, comes back by that digest after it was removed locally, and is the same image;
a push to a registry that does not answer fails with the engine's error.

Operational Summary
-------------------

#. ``push_pull``: ``docker tag <test image> <registry>/<unique>:<push_tag>`` (registered for
   cleanup), ``docker push`` of it; the registry's HTTP API (``HEAD /v2/<unique>/manifests/<tag>``)
   gives the digest it stored, which must equal the digest the client printed (when it prints one).
   ``docker rmi`` removes the name, and ``docker image inspect`` must no longer find it. ``docker
   pull <registry>/<unique>@<digest>`` brings it back: its ``RepoDigests`` hold that digest and its
   id is the test image's. Cleanup removes the pulled image and deletes the manifest from the
   registry.
#. ``unreachable``: a 127.0.0.1 port nothing listens on is chosen at run time; ``docker tag`` of
   the test image under ``127.0.0.1:<port>/<unique>:<push_tag>`` and ``docker push`` of it must fail
   with one of ``unreachable_msgs`` in its error.

Prerequisites
-------------

* The loopback registry of the test host (``docker_registry_host`` in DEFAULTS, serving the test
  image) with deletes enabled, reachable over plain HTTP on 127.0.0.1.

Configuration
-------------

* ``repo_name_prefix``: prefix of the repository names pushed (a random part follows).
* ``push_tag``: the tag pushed.
* ``unreachable_msgs``: ``|``-separated texts, one of which the error of a push to a registry that
  does not answer must hold.
"""

import re

from dockertest import dockercalls, naming, registry, subtest, xceptions
from dockertest.options import Options

DIGEST = re.compile(r'digest: (sha256:[0-9a-f]{64})')


class push(subtest.SubSubtestCaller):
    """Runs the ``docker push`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class push_base(subtest.SubSubtest):
    """Tag the test image under a new name in a registry."""

    def tag_image(self, registry_address):
        """``docker tag`` of the test image as ``<registry_address>/<unique>:<push_tag>``; (repository, name)."""
        opts = Options(self)
        repository = naming.unique_name(opts.text('repo_name_prefix'))
        name = self.cleanups.image(f'{registry_address}/{repository}:{opts.text("push_tag")}')
        dockercalls.must_pass(self, 'tag', opts.image(), name)
        return repository, name


class push_pull(push_base):
    """Push, remove, pull back by digest: the same image under the digest the registry stored."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['registry'] = Options(self).text('docker_registry_host')
        registry.loopback_address(self.sub_stuff['registry'])

    def run_once(self):
        super().run_once()
        opts, address = Options(self), self.sub_stuff['registry']
        repository, name = self.tag_image(address)
        tag = opts.text('push_tag')
        pushed = dockercalls.must_pass(self, 'push', name)
        digest = registry.manifest_digest(address, repository, tag)
        self.failif(digest is None, f'the registry holds no manifest for {name} after docker push passed')
        self.sub_stuff['manifest'] = (repository, digest)
        printed = DIGEST.findall(pushed.stdout)
        self.failif(
            bool(printed) and printed[-1] != digest,
            f'docker push printed the digest {printed[-1] if printed else ""}; the registry stored {digest}',
        )
        dockercalls.must_pass(self, 'rmi', name)
        self.cleanups.forget('image', name)
        gone = dockercalls.run(self, 'image', 'inspect', name)
        self.failif(gone.exit_status == 0, f'{name} is still there after docker rmi')
        by_digest = self.cleanups.image(f'{address}/{repository}@{digest}')
        dockercalls.must_pass(self, 'pull', by_digest)
        repo_digests = dockercalls.inspect_field(self, by_digest, '{{json .RepoDigests}}', 'image')
        self.failif_not_in(by_digest, repo_digests, f'the RepoDigests of the image pulled by {by_digest}')
        image_id = dockercalls.inspect_field(self, by_digest, '{{.Id}}', 'image')
        self.failif_ne(
            image_id,
            dockercalls.inspect_field(self, opts.image(), '{{.Id}}', 'image'),
            f'the id of the image pulled by {by_digest} (the test image pushed)',
        )
        self.loginfo('pushed %s as %s and pulled it back by digest', name, digest)

    def cleanup(self):
        super().cleanup()
        manifest = self.sub_stuff.get('manifest')
        keep = not self.config.get('remove_after_test', True)
        if manifest and not keep and not registry.delete_manifest(self.sub_stuff['registry'], *manifest):
            raise xceptions.DockerTestError(f'could not delete the pushed manifest {manifest[0]}@{manifest[1]}')


class unreachable(push_base):
    """A push to a registry that does not answer fails with the engine's error."""

    def run_once(self):
        super().run_once()
        port = registry.free_port()
        _, name = self.tag_image(f'127.0.0.1:{port}')
        result = dockercalls.run(self, 'push', name)
        dockercalls.refused(self, result, 'unreachable_msgs', f'docker push to 127.0.0.1:{port}, where nothing listens')
        self.loginfo('push to 127.0.0.1:%d failed: %s', port, ' '.join(result.stderr.split())[-200:])
