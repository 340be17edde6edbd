from autotest.client import test
from autotest.client.shared import error


class errorer(test.test):
    version = 1

    def run_once(self):
        raise error.TestError('deliberate error')
