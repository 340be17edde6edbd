from autotest.client import test
from autotest.client.shared import error


class skipper(test.test):
    version = 1

    def initialize(self):
        raise error.TestNAError('not applicable')
