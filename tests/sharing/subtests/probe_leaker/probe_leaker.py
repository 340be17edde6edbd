"""Makes one object of each kind and leaves them all behind (the garbage check must catch it)."""

import probes

from dockertest import subtest


class probe_leaker(subtest.Subtest):
    def run_once(self):
        super().run_once()
        probes.make_all(self)
