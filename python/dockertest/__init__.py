"""dockertest: a conformance test framework for container engines.

The logic lives in the compiled Rust core, :mod:`dockertest._core`; the modules of this package are
thin Python faces over it that keep the original Docker Autotest module names.
"""

from ._core import __version__

__all__ = ['__version__']
