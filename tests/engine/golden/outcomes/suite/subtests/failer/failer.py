from autotest.client import test
from autotest.client.shared import error


class failer(test.test):
    version = 1

    def run_once(self):
        raise error.TestFail('deliberate failure')
