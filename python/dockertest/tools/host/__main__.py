"""``python -m dockertest.tools.host``: the host tool's command line (see :mod:`dockertest.tools.host`)."""

import sys

from dockertest.tools.host.cli import main

sys.exit(main())
