"""Makes one object of each kind and removes them again: a clean subtest."""

import probes

from dockertest import subtest


class probe_quick(subtest.Subtest):
    def run_once(self):
        super().run_once()
        made = probes.make_all(self)
        probes.remove_all(self, made)
