"""
Summary
-------

Checks ports published on 127.0.0.1, at a fixed host port and at one the engine chooses: they
appear in ``docker port`` and in ``docker ps``, only 127.0.0.1 is ever bound, and a connection from
the host reaches the server in the container.

Operational Summary
-------------------

#. A free host port is found on 127.0.0.1 (unless ``fixed_host_port`` names one).
#. ``docker run --detach --publish 127.0.0.1:<fixed>:<fixed_container_port> --publish
   127.0.0.1::<chosen_container_port>`` starts a container (unique name, registered for cleanup)
   whose busybox ``httpd`` serves a unique token on both container ports.
#. ``docker port <name>`` lists exactly the two mappings, each ``<port>/tcp -> 127.0.0.1:<host
   port>``, the fixed one at the fixed host port; ``docker port <name> <port>/tcp`` agrees; in
   ``docker inspect``, ``NetworkSettings.Ports`` (read as JSON) binds only ``127.0.0.1`` (``HostIp``).
#. ``docker ps`` shows both mappings in its ``PORTS`` column (``127.0.0.1:<host>-><port>/tcp``).
#. An HTTP GET from the host to each host port returns the token (retried for up to
   ``connect_timeout`` seconds while the server starts).
#. Cleanup removes the container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``httpd``.
* Nothing else listening on the fixed host port.

Configuration
-------------

* ``container_name_prefix``: prefix of the container name.
* ``fixed_host_port``: the fixed host port, or 0 to use a free one found at run time.
* ``fixed_container_port``, ``chosen_container_port``: the two container ports.
* ``connect_timeout``: seconds for a connection from the host to get the token.
"""

import itertools
import secrets
import urllib.error
import urllib.request

from autotest.client.shared.ports import free_port
from dockertest import dockercalls, polling, subtest, xceptions
from dockertest.options import Options

LOOPBACK = '127.0.0.1'


class port(subtest.Subtest):
    """Publish two ports on 127.0.0.1 and check ``docker port``, ``docker ps``, inspect and a connection."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        fixed = opts.integer('fixed_host_port', minimum=0) or free_port()
        ports = {'fixed': opts.integer('fixed_container_port', minimum=1)}
        ports['chosen'] = opts.integer('chosen_container_port', minimum=1)
        token = secrets.token_hex(8)
        script = (
            f'mkdir -p /www && echo {token} > /www/index.html && httpd -p {ports["chosen"]} -h /www '
            f'&& exec httpd -f -p {ports["fixed"]} -h /www'
        )
        publish = [f'--publish={LOOPBACK}:{fixed}:{ports["fixed"]}', f'--publish={LOOPBACK}::{ports["chosen"]}']
        self.stuff.update(fixed=fixed, ports=ports, token=token)
        self.stuff['name'] = dockercalls.start_container(
            self, opts.text('container_name_prefix'), ['sh', '-c', script], publish
        )

    def mappings(self):
        """``docker port <name>``: container port to the list of host addresses."""
        found = {}
        for line in dockercalls.must_pass(self, 'port', self.stuff['name']).stdout.splitlines():
            inside, _, outside = line.partition(' -> ')
            found.setdefault(inside.strip(), []).append(outside.strip())
        return found

    def fetch(self, host_port):
        """The body of ``GET /`` at 127.0.0.1:<host_port>, or None while it cannot connect."""
        try:
            with urllib.request.urlopen(f'http://{LOOPBACK}:{host_port}/', timeout=5) as answer:
                return answer.read().decode().strip()
        except (OSError, urllib.error.URLError):
            return None

    def run_once(self):
        super().run_once()
        name, ports, fixed = self.stuff['name'], self.stuff['ports'], self.stuff['fixed']
        found = self.mappings()
        keys = {f'{ports[kind]}/tcp' for kind in ports}
        self.failif_ne(sorted(found), sorted(keys), 'container ports listed by docker port')
        for inside, outside in found.items():
            for address in outside:
                self.failif(
                    not address.startswith(f'{LOOPBACK}:'),
                    f'docker port: {inside} is bound to {address}, not {LOOPBACK}',
                )
        fixed_key, chosen_key = f'{ports["fixed"]}/tcp', f'{ports["chosen"]}/tcp'
        self.failif_ne(found[fixed_key], [f'{LOOPBACK}:{fixed}'], f'docker port: the host side of {fixed_key}')
        chosen = int(found[chosen_key][0].rsplit(':', 1)[1])
        self.failif(chosen in (0, fixed), f'docker port: the engine-chosen host port is {chosen}')
        single = dockercalls.must_pass(self, 'port', name, chosen_key).stdout.split()
        self.failif_ne(single, [f'{LOOPBACK}:{chosen}'], f'docker port {name} {chosen_key}')
        ports = dockercalls.inspect_json(self, name, '.NetworkSettings.Ports')
        try:
            bindings = {b.get('HostIp') for b in itertools.chain(*(ports or {}).values()) if b}
        except (AttributeError, TypeError):
            raise xceptions.DockerTestFail(f'NetworkSettings.Ports of docker inspect is not a map: {ports!r}') from None
        self.failif_ne(sorted(bindings, key=str), [LOOPBACK], 'HostIp of the bindings in NetworkSettings.Ports')
        listed = dockercalls.ps_field(self, name, '{{.Ports}}')
        for host_port, key in ((fixed, fixed_key), (chosen, chosen_key)):
            self.failif_not_in(f'{LOOPBACK}:{host_port}->{key}', listed, 'the PORTS column of docker ps')
        self.loginfo(
            'published %s at %s:%d and %s at %s:%d, loopback only',
            fixed_key,
            LOOPBACK,
            fixed,
            chosen_key,
            LOOPBACK,
            chosen,
        )
        timeout = Options(self).seconds('connect_timeout')
        for host_port in (fixed, chosen):
            body = polling.wait_until(
                lambda hp=host_port: self.fetch(hp),
                timeout,
                f'a connection from the host to {LOOPBACK}:{host_port} to reach the container',
            )
            self.failif_ne(body, self.stuff['token'], f'what the container served on {LOOPBACK}:{host_port}')
        self.loginfo('connections from the host reached the container on both ports')
