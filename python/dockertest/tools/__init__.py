"""Tools, not library: programs run beside the suite.

- :mod:`~dockertest.tools.host`: set up, inspect and tear down the test host (one module per step);
- :mod:`~dockertest.tools.faultdocker`: the fault-injecting docker client of the negative controls;
- :mod:`~dockertest.tools.matrix`: the conformance matrix over the engine profiles;
- :mod:`~dockertest.tools.documentation`: the documentation checker.

The library modules do not run commands, open sockets, read ini files or parse with regular
expressions themselves (the core does that work); the tools here are exempt from that lint rule by
their path. Each keeps its original import name as a shim (``dockertest.host``,
``dockertest.podman_host``, ``dockertest.auth_registry``, ``dockertest.faultdocker``,
``dockertest.matrix``, ``dockertest.documentation``), which ``python -m`` still runs.
"""
