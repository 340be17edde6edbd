"""The Autotest version this engine reports.

dockertest compares it with its ``autotest_version`` option (``0.16.0-master-32-g050cd`` by default,
``0.15.0`` where unset), so the engine reports the version of the last upstream Autotest release whose
client API it provides. It is a release number, not a ``git describe`` string: the engine is not an
Autotest checkout.
"""

__all__ = ['ENGINE_VERSION', 'get_version']

#: The upstream Autotest release whose client API this engine provides.
ENGINE_VERSION = '0.16.4'


def get_version() -> str:
    """Return the Autotest version string of this engine.

    Returns:
        ``'0.16.4'``, which sorts at or above every ``autotest_version`` minimum dockertest ships.
    """
    return ENGINE_VERSION
