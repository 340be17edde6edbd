"""
Summary
-------

Checks ``docker login`` and ``docker logout`` against the test host's second loopback registry,
which requires basic auth: a push is denied before login, a wrong password is refused and stores
nothing, the right one is accepted and stored, the push then passes, and after ``logout`` the
credentials are gone and the push is denied again. The client keeps its credentials in a temporary
directory the subtest owns (``DOCKER_CONFIG`` for docker, ``REGISTRY_AUTH_FILE`` for podman): the
user's own ``~/.docker/config.json`` is neither read nor written.

Operational Summary
-------------------

#. The registry ``auth_registry`` must answer ``401`` without credentials (else the subtest is an
   ERROR naming ``python -m dockertest.host up``). The user's ``~/.docker/config.json`` is
   fingerprinted (content and modification time, or its absence).
#. Every ``login``, ``logout`` and ``push`` runs with ``DOCKER_CONFIG=<tmpdir>/client`` and
   ``REGISTRY_AUTH_FILE=<tmpdir>/client/auth.json``; the latter starts as an empty credential store
   (``{"auths": {}}``), since podman refuses an auth file that does not exist.
#. ``docker tag`` of the test image as ``<auth_registry>/<unique>:<push_tag>`` (registered for
   cleanup); ``docker push`` of it must fail with one of ``denied_msgs``.
#. ``docker login --username <auth_user> --password-stdin`` with a wrong password must fail with
   one of ``wrong_password_msgs``, and no credential file in the directory may name the registry.
#. The same with ``auth_password`` must pass; a credential file of the directory (``config.json``
   or ``auth.json``) then holds the registry under ``auths``.
#. ``docker push`` passes, and the registry holds the manifest (asked over its HTTP API with the
   credentials).
#. ``docker logout <auth_registry>`` passes; no credential file names the registry any more, and
   ``docker push`` is denied again.
#. The fingerprint of ``~/.docker/config.json`` is unchanged. Cleanup removes the tag and deletes
   the pushed manifest from the registry.

Prerequisites
-------------

* The authenticated registry of the test host (``python -m dockertest.host up`` starts it; its port,
  user and password there come from ``DOCKERTEST_AUTH_REGISTRY_PORT``, ``DOCKERTEST_AUTH_USER`` and
  ``DOCKERTEST_AUTH_PASSWORD`` and must match ``auth_registry``, ``auth_user`` and ``auth_password``).
* Podman: the registry over plain HTTP, which ``host up`` configures.

Configuration
-------------

* ``auth_registry``: ``localhost:PORT`` of the authenticated registry.
* ``auth_user``, ``auth_password``: the credentials it accepts (throw-away, loopback only).
* ``wrong_password``: a password it refuses.
* ``repo_name_prefix``, ``push_tag``: the repository and tag pushed.
* ``denied_msgs``: ``|``-separated texts, one of which the error of a push without credentials holds.
* ``wrong_password_msgs``: the same for a login with the wrong password.
"""

import hashlib
import json
import os

from dockertest import dockercalls, naming, registry, subtest, xceptions
from dockertest.options import Options


def fingerprint(path):
    """(content digest, modification time) of ``path``, or None when it does not exist."""
    try:
        with open(path, 'rb') as handle:
            return hashlib.sha256(handle.read()).hexdigest(), os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return None


class login(subtest.Subtest):
    """Login, push and logout against the authenticated loopback registry."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        address = opts.text('auth_registry')
        status = registry.api_status(address)
        if status != 401:
            raise xceptions.DockerTestError(
                f'no registry requiring basic auth answers at {address} (GET /v2/ gave HTTP {status or "nothing"}); '
                'start it with python -m dockertest.host up'
            )
        client = os.path.join(self.tmpdir, 'client')
        os.mkdir(client, 0o700)
        # An empty credential store: podman refuses an --authfile (REGISTRY_AUTH_FILE) that does not exist.
        with open(os.path.join(client, 'auth.json'), 'w', encoding='utf-8') as handle:
            json.dump({'auths': {}}, handle)
        home = os.path.join(os.path.expanduser('~'), '.docker', 'config.json')
        self.stuff.update(
            address=address,
            client=client,
            env={'DOCKER_CONFIG': client, 'REGISTRY_AUTH_FILE': os.path.join(client, 'auth.json')},
            home=home,
            home_before=fingerprint(home),
            auth=(opts.text('auth_user'), opts.text('auth_password')),
        )

    def client(self, subcmd, *args, stdin=None):
        """A client command with the subtest's own credential directory."""
        return dockercalls.run(self, subcmd, *args, stdin=stdin, env=self.stuff['env'])

    def stored(self):
        """The credential files of the client directory that name the registry under ``auths``."""
        found = []
        for name in sorted(os.listdir(self.stuff['client'])):
            path = os.path.join(self.stuff['client'], name)
            try:
                with open(path, encoding='utf-8') as handle:
                    auths = json.load(handle).get('auths') or {}
            except (OSError, ValueError, AttributeError):
                continue
            if any(self.stuff['address'] in key for key in auths):
                found.append(name)
        return found

    def run_once(self):
        super().run_once()
        opts, address = Options(self), self.stuff['address']
        user, password = self.stuff['auth']
        repository = naming.unique_name(opts.text('repo_name_prefix'))
        name = self.cleanups.image(f'{address}/{repository}:{opts.text("push_tag")}')
        dockercalls.must_pass(self, 'tag', opts.image(), name)
        dockercalls.refused(self, self.client('push', name), 'denied_msgs', f'docker push of {name} before login')
        wrong = self.client(
            'login', '--username', user, '--password-stdin', address, stdin=opts.text('wrong_password') + '\n'
        )
        dockercalls.refused(self, wrong, 'wrong_password_msgs', f'docker login to {address} with a wrong password')
        self.failif(bool(self.stored()), f'a refused login stored credentials for {address} in {self.stored()}')
        right = self.client('login', '--username', user, '--password-stdin', address, stdin=password + '\n')
        self.failif(right.exit_status != 0, f'docker login with the right password: {dockercalls.describe(right)}')
        self.failif(
            not self.stored(), f'docker login passed but no credential file in the client directory names {address}'
        )
        pushed = self.client('push', name)
        self.failif(pushed.exit_status != 0, f'docker push after login: {dockercalls.describe(pushed)}')
        digest = registry.manifest_digest(address, repository, opts.text('push_tag'), auth=self.stuff['auth'])
        self.failif(digest is None, f'the registry holds no manifest for {name} after docker push passed')
        self.stuff['manifest'] = (repository, digest)
        out = self.client('logout', address)
        self.failif(out.exit_status != 0, f'docker logout: {dockercalls.describe(out)}')
        self.failif(bool(self.stored()), f'docker logout left credentials for {address} in {self.stored()}')
        dockercalls.refused(self, self.client('push', name), 'denied_msgs', f'docker push of {name} after logout')
        self.failif_ne(
            fingerprint(self.stuff['home']),
            self.stuff['home_before'],
            f"the fingerprint of {self.stuff['home']} (the user's own client configuration)",
        )
        self.loginfo('push denied, wrong password refused, login, push, logout and denied again at %s', address)

    def cleanup(self):
        super().cleanup()
        manifest = self.stuff.get('manifest')
        keep = not self.config.get('remove_after_test', True)
        if (
            manifest
            and not keep
            and not registry.delete_manifest(self.stuff['address'], *manifest, auth=self.stuff['auth'])
        ):
            raise xceptions.DockerTestError(f'could not delete the pushed manifest {manifest[0]}@{manifest[1]}')
