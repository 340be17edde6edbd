"""Type stubs for the compiled Rust core, ``dockertest._core``."""

__version__: str
"""The package version, which is also the dockertest API version (``MAJOR.MINOR.REVIS``)."""

class DockertestError(Exception):
    """Base class of every exception raised by the Rust core of dockertest."""
