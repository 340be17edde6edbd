"""
Summary
-------

Checks user-defined networks: two containers on a user-defined bridge reach each other by name;
``docker network connect`` and ``disconnect`` of a running container; an ``--internal`` network has no
route out; ``--network none`` has only loopback; a network in use cannot be removed. All traffic stays
between the subtest's own containers, or goes to a listener the subtest runs on the host's side of a
network it made: no address outside the machine is ever tried.

Operational Summary
-------------------

Every network has a unique name registered for cleanup before ``docker network create``; every
container is the test image under a unique name registered for cleanup. A *server* is a container
whose busybox ``httpd`` serves a token on ``server_port``; a *fetch* is busybox ``wget`` of it by the
server's container name (resolved by busybox ``nslookup``, fetched with ``nc``), retried for up to ``fetch_timeout`` seconds where it is expected to work.

#. ``by_name``: ``docker network create --driver bridge``; a server on it, and a second container on
   it fetches the token by the server's name.
#. ``connect_disconnect``: a server on one network, a client container on another: the client cannot
   fetch; after ``docker network connect`` it is on both networks (``docker inspect``) and fetches the
   token; after ``docker network disconnect`` it is on its own network only and cannot fetch.
#. ``internal``: the subtest listens on the gateway address (the host's side) of a bridge network it
   made, at a free port (once a container is on that bridge). That container receives the listener's token (the listener
   answers). A container on an ``--internal`` network has only ``lo`` and ``eth0``, its routes
   (``/proc/net/route``) go only via its own network's gateway (docker keeps a default route there;
   the isolation is the engine's filtering), and its connection to the listener fails.
#. ``none``: a container with ``--network none`` has only the ``lo`` interface (``/sys/class/net``)
   and no routes.
#. ``in_use``: ``docker network rm`` of a network a running container is on fails with ``in_use_msg``;
   after the container is removed, it succeeds.
#. Cleanup removes the containers, then the networks.

Prerequisites
-------------

* The test image, with busybox ``httpd``, ``wget``, ``nc``, ``sh`` and ``sleep``.
* The engine's ``bridge`` network driver and its embedded DNS for container names.

Configuration
-------------

* ``network_name_prefix``, ``container_name_prefix``: prefixes of the unique names.
* ``server_port``: the port the server containers serve on (inside their network).
* ``fetch_timeout``: seconds a fetch or connection that should work is retried.
* ``refused_timeout``: seconds a fetch or connection that should fail may take.
* ``in_use_msg``: ``|``-separated texts, one of which the refusal to remove a network in use holds.
* ``gateway_template``: the ``docker network inspect --format`` template printing a network's gateway
  addresses.
"""

import secrets
import socket
import threading

from dockertest import dockercalls, subtest, xceptions
from dockertest.options import Options


class network(subtest.SubSubtestCaller):
    """Runs the network checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class network_base(subtest.SubSubtest):
    """Helpers: networks, servers, clients and fetches."""

    def new_network(self, *options):
        """A new network (unique name, registered for cleanup); its name."""
        prefix = Options(self).text('network_name_prefix')
        return dockercalls.create_object(self, 'network', prefix, '--driver', 'bridge', *options)

    def start(self, command, *options):
        """A running container of the test image; its name."""
        prefix = Options(self).text('container_name_prefix')
        return dockercalls.start_container(self, prefix, ['sh', '-c', command], list(options))

    def server(self, net):
        """A server container on ``net``; (its name, its token)."""
        token = secrets.token_hex(8)
        port = Options(self).integer('server_port', minimum=1)
        script = f'mkdir -p /www && echo {token} > /www/index.html && exec httpd -f -p {port} -h /www'
        return self.start(script, f'--network={net}'), token

    def fetch_script(self, host, port, expect_success):
        """Shell text printing what ``host:port`` answers, retried only when it should work.

        The name is resolved by busybox ``nslookup`` (the engine's DNS answers it) and the address
        fetched: the test image's static busybox ``wget`` crashes resolving names on some engines.
        """
        opts = Options(self)
        resolve = f"a=$(nslookup {host} 2>/dev/null | awk '/^Name:/ {{n=1}} n && /^Address/ {{print $NF; exit}}')"
        # busybox nc, not wget: the test image's static wget crashes (glibc NSS) even on an address.
        get = 'printf \'GET / HTTP/1.0\\r\\n\\r\\n\' | nc -w {wait} "$a" ' + str(port)
        if expect_success:
            tries = max(1, int(opts.seconds('fetch_timeout') / 0.5))
            fetch = get.format(wait=2)
            return (
                f'for i in $(seq {tries}); do {resolve}; test -n "$a" && {fetch} | grep . && exit 0; '
                'sleep 0.5; done; exit 1'
            )
        fetch = get.format(wait=int(opts.seconds('refused_timeout')))
        return f'{resolve}; test -n "$a" && {fetch} | grep .'

    def check_resolver(self, client):
        """Fail unless ``client``'s resolver is the engine's own (on loopback or a gateway of one of its
        networks): a name lookup must never leave the machine."""
        text = dockercalls.must_pass(self, 'exec', client, 'cat', '/etc/resolv.conf').stdout
        words = [line.split() for line in text.splitlines()]
        servers = [w[1] for w in words if len(w) > 1 and w[0] == 'nameserver']
        template = Options(self).text('gateway_template')
        gateways = set()
        for net in self.networks_of(client):
            gateways.update(dockercalls.must_pass(self, 'network', 'inspect', '--format', template, net).stdout.split())
        outside = [s for s in servers if not s.startswith('127.') and s not in gateways]
        self.failif(
            not servers or outside,
            f'container names are not served by the engine on the networks of {client}: its resolver is '
            f'{servers} (neither loopback nor a gateway of {sorted(gateways)}); names were not looked up',
        )

    def fetch_from(self, client, server, expect_success):
        """``docker exec <client>`` fetching from ``server``; the result."""
        port = Options(self).integer('server_port', minimum=1)
        return dockercalls.run(self, 'exec', client, 'sh', '-c', self.fetch_script(server, port, expect_success))

    def networks_of(self, name):
        """The networks ``docker inspect`` lists for container ``name``."""
        template = '{{range $net, $v := .NetworkSettings.Networks}}{{$net}} {{end}}'
        return sorted(dockercalls.inspect_field(self, name, template).split())

    def remove_container(self, name):
        """``docker rm --force <name>``, checked; no longer tracked."""
        dockercalls.must_pass(self, 'rm', '--force', name)
        self.cleanups.forget('container', name)


class by_name(network_base):
    """Two containers on a user-defined bridge reach each other by name."""

    def run_once(self):
        super().run_once()
        net = self.new_network()
        server, token = self.server(net)
        client = self.start('exec sleep 600', f'--network={net}')
        self.check_resolver(client)
        result = self.fetch_from(client, server, True)
        self.failif(
            result.exit_status != 0,
            f'{client} could not fetch from {server} by name on {net}: ' + dockercalls.describe(result),
        )
        self.failif_not_in(token, result.stdout, f'what {client} fetched from {server} by name on network {net}')
        self.loginfo('%s reached %s by name on the user-defined bridge %s', client, server, net)


class connect_disconnect(network_base):
    """network connect and disconnect of a running container."""

    def run_once(self):
        super().run_once()
        own, other = self.new_network(), self.new_network()
        server, token = self.server(other)
        client = self.start('exec sleep 600', f'--network={own}')
        self.check_resolver(client)
        before = self.fetch_from(client, server, False)
        self.failif(
            before.exit_status == 0, f'{client} on {own} fetched from {server} on {other} before network connect'
        )
        dockercalls.must_pass(self, 'network', 'connect', other, client)
        self.failif_ne(
            self.networks_of(client), sorted([own, other]), f'the networks of {client} after network connect'
        )
        joined = self.fetch_from(client, server, True)
        self.failif(
            joined.exit_status != 0,
            f'{client} could not fetch from {server} after network connect {other}: ' + dockercalls.describe(joined),
        )
        self.failif_not_in(token, joined.stdout, f'what {client} fetched from {server} after network connect')
        dockercalls.must_pass(self, 'network', 'disconnect', other, client)
        self.failif_ne(self.networks_of(client), [own], f'the networks of {client} after network disconnect')
        after = self.fetch_from(client, server, False)
        self.failif(after.exit_status == 0, f'{client} still fetched from {server} after network disconnect {other}')
        self.loginfo('%s joined and left %s while running; it reached %s only while connected', client, other, server)


def hex_address(address):
    """An IPv4 address as /proc/net/route prints it (8 hex digits, bytes in host order, little-endian)."""
    return ''.join(f'{int(part):02X}' for part in reversed(address.split('.')))


class Listener:
    """A TCP listener of the subtest on ``address``: it sends ``token`` to each connection."""

    def __init__(self, address, token):
        self.sock = socket.socket()
        self.sock.bind((address, 0))
        self.sock.listen(8)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.token = token.encode() + b'\n'
        self.accepted = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        """Answer connections until stopped."""
        while not self.stopping.is_set():
            try:
                conn, peer = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted.append(peer[0])
            with conn:
                conn.sendall(self.token)

    def close(self):
        """Stop answering and close the socket."""
        self.stopping.set()
        self.thread.join(5)
        self.sock.close()


class internal(network_base):
    """An --internal network has no route out: no default route, no connection to the host's side."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['listener'] = None

    def run_once(self):
        super().run_once()
        opts = Options(self)
        outer, inner = self.new_network(), self.new_network('--internal')
        # A container on the network first: some engines make the host's side only for a container.
        neighbour = self.start('exec sleep 600', f'--network={outer}')
        template = opts.text('gateway_template')
        gateways = dockercalls.must_pass(self, 'network', 'inspect', '--format', template, outer).stdout.split()
        gateway = next((g for g in gateways if '.' in g), None)
        self.failif(gateway is None, f'docker network inspect gives network {outer} no IPv4 gateway: {gateways}')
        token = secrets.token_hex(8)
        try:
            self.sub_stuff['listener'] = listener = Listener(gateway, token)
        except OSError as err:
            raise xceptions.DockerTestFail(f'cannot listen on the gateway {gateway} of network {outer}: {err}') from err
        self.loginfo('listening on %s:%d, the host side of network %s', gateway, listener.port, outer)
        tries = max(1, int(opts.seconds('fetch_timeout') / 0.5))
        reach = f'for i in $(seq {tries}); do nc -w 2 {gateway} {listener.port} && exit 0; sleep 0.5; done; exit 1'
        control = dockercalls.run(self, 'exec', neighbour, 'sh', '-c', reach)
        self.failif(
            token not in control.stdout,
            f"a container on {outer} did not get the listener's token from {gateway}:{listener.port} "
            f'(so the check below would prove nothing): {dockercalls.describe(control)}',
        )
        inner_gateways = dockercalls.must_pass(self, 'network', 'inspect', '--format', template, inner).stdout.split()
        probe = (
            'ls /sys/class/net; echo ---; tail -n +2 /proc/net/route; echo ---; '
            f'nc -w {int(opts.seconds("refused_timeout"))} {gateway} {listener.port}; echo "exit $?"'
        )
        prefix = opts.text('container_name_prefix')
        inside = dockercalls.run_removed(self, prefix, ['sh', '-c', probe], [f'--network={inner}'])
        self.failif(inside.exit_status != 0, dockercalls.describe(inside))
        interfaces, routes, attempt = (inside.stdout.split('---', 2) + ['', ''])[:3]
        self.failif_ne(
            sorted(interfaces.split()), ['eth0', 'lo'], f'the interfaces of a container on --internal network {inner}'
        )
        own = {hex_address(g) for g in inner_gateways if '.' in g} | {'00000000'}
        for line in routes.splitlines():
            fields = line.split()
            self.failif(
                len(fields) > 2 and fields[2] not in own,
                f'a container on the --internal network {inner} has a route via {fields[2:3]} (not its own network '
                f'{inner_gateways}): {line.strip()!r}',
            )
        self.failif(
            token in attempt, f'a container on the --internal network {inner} reached {gateway}:{listener.port}'
        )
        self.failif(
            'exit 0' in attempt, f'a connection from --internal network {inner} to {gateway}:{listener.port} succeeded'
        )
        self.loginfo(
            '--internal network %s: only lo and eth0, routes only within it, and %s:%d unreachable (%s)',
            inner, gateway, listener.port, ' '.join(attempt.split()),
        )  # fmt: skip

    def cleanup(self):
        if self.sub_stuff.get('listener') is not None:
            self.sub_stuff['listener'].close()
        super().cleanup()


class none(network_base):
    """--network none gives only loopback."""

    def run_once(self):
        super().run_once()
        probe = 'ls /sys/class/net; echo ---; tail -n +2 /proc/net/route'
        result = dockercalls.run_removed(
            self, Options(self).text('container_name_prefix'), ['sh', '-c', probe], ['--network=none']
        )
        self.failif(result.exit_status != 0, dockercalls.describe(result))
        interfaces, _, routes = result.stdout.partition('---')
        self.failif_ne(interfaces.split(), ['lo'], 'the interfaces of a container with --network none')
        self.failif_ne(routes.split(), [], 'the routes of a container with --network none')
        self.loginfo('--network none: only lo, no routes')


class in_use(network_base):
    """docker network rm of a network in use fails; after the container, it passes."""

    def run_once(self):
        super().run_once()
        net = self.new_network()
        user = self.start('exec sleep 600', f'--network={net}')
        dockercalls.must_fail(
            self, 'in_use_msg', f'network {net} while container {user} was on it', 'network', 'rm', net
        )
        dockercalls.must_pass(self, 'network', 'inspect', net)
        self.remove_container(user)
        dockercalls.must_pass(self, 'network', 'rm', net)
        self.cleanups.forget('network', net)
        self.loginfo('network %s could not be removed while in use, and could afterwards', net)
