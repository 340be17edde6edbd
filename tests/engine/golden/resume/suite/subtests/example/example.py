from autotest.client import test


class example(test.test):
    version = 1

    def run_once(self):
        pass
