"""Tools, not library: programs run beside the suite (the documentation checker).

The library modules do not run commands, open sockets, read ini files or parse with regular
expressions themselves (the core does that work); the tools here are exempt from that lint rule by
their path. The host setup (``dockertest.host``, ``dockertest.podman_host``), the fault-injecting client
(``dockertest.faultdocker``) and the matrix runner (``dockertest.matrix``) are tools too, kept at their
old paths this session.
"""
