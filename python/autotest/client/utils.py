"""The client utilities: everything of :mod:`autotest.client.shared.utils`, under the client's name.

Control files get these names through the preamble ``from autotest.client.utils import *``.
"""

from autotest.client.shared.utils import *
from autotest.client.shared.utils import __all__  # noqa: F401
