"""Makes one object of each kind, waits for the test, and checks they are all still there."""

import probes

from dockertest import subtest


class probe_holder(subtest.Subtest):
    def run_once(self):
        super().run_once()
        self.stuff['made'] = probes.make_all(self)
        probes.hand_shake()
        gone = probes.missing(self, self.stuff['made'])
        self.failif(gone, f'removed while the job ran: {", ".join(gone)}')

    def cleanup(self):
        super().cleanup()
        if self.stuff.get('made'):
            probes.remove_all(self, self.stuff['made'])
