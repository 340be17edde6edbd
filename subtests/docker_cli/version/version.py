"""
Summary
-------

Checks the output of ``docker version`` against the daemon's own answer over its API.

Operational Summary
-------------------

#. Run ``docker version``; it must succeed with clean output (no panic, usage or error text).
#. Parse the client version and the server (**Engine**) version, and log
   "Found docker versions client: X server Y". With ``cli_server_section`` off (a client that is the
   engine itself prints no server section), the server version is the client's own,
   ``docker version --format {{.Client.Version}}``.
#. Ask the daemon for ``GET /version`` over its unix socket.
#. The CLI's server version must equal the API's ``Version``; a difference fails the subtest naming
   both. A client older or newer than the daemon is reported as information, not as a failure.

The 2014 subtest compared the API ``Version`` with the CLI's *client* version, which fails whenever the
client and the daemon are different releases (a client 28.x against a daemon 20.10 is normal
today); this one compares server with server, as the original meant.

Prerequisites
-------------

A docker daemon answering on a unix socket: the one ``-H unix://...`` in ``docker_options`` names,
else the one ``DOCKER_HOST`` names, else ``/var/run/docker.sock``. A client talking to the daemon
over anything else (``tcp://``, ``ssh://``) makes the subtest TEST_NA, since the API cannot be
reached to cross-check it.

Configuration
-------------

``api_timeout`` bounds the API request; the docker command itself uses ``docker_timeout``.
``cli_server_section``: whether ``docker version`` prints a server section (see above).
"""

from dockertest import docker_daemon, output, subtest
from dockertest.dockercmd import NoFailDockerCmd


class version(subtest.Subtest):
    """Compares the server version ``docker version`` prints with the daemon's API ``/version``."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['client'] = docker_daemon.subtest_client(self.config, float(self.config['api_timeout']))

    def run_once(self):
        super().run_once()
        result = NoFailDockerCmd(self, 'version').execute()
        output.OutputGood(result)
        if self.config['cli_server_section']:
            cli = output.DockerVersion(result.stdout)
            self.stuff['cli'] = (cli.client, cli.server)
        else:
            # The client is the engine: its one version is the server's.
            template = '{{.Client.Version}}'
            own = NoFailDockerCmd(self, 'version', ['--format', template], raw_subargs=True).execute().stdout.strip()
            self.failif(not own, f'docker version --format {template} printed no version: {result.stdout!r}')
            self.stuff['cli'] = (own, own)
        self.stuff['api'] = self.stuff['client'].version()

    def postprocess(self):
        super().postprocess()
        cli_client, cli_server = self.stuff['cli']
        self.loginfo('Found docker versions client: %s server %s', cli_client, cli_server)
        api_version = self.stuff['api'].get('Version')
        self.failif(
            not api_version, f'The API /version on {self.stuff["client"].uri} has no Version: {self.stuff["api"]!r}'
        )
        self.failif(
            api_version != cli_server,
            f"docker version reports server version '{cli_server}' but the daemon's API /version on "
            f"{self.stuff['client'].uri} reports Version '{api_version}'",
        )
        self.loginfo('Docker cli version matches docker client API version: server %s', cli_server)
        if cli_client != cli_server:
            self.loginfo('The client (%s) and the server (%s) are different releases', cli_client, cli_server)
