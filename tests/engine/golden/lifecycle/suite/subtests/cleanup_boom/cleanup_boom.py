from autotest.client import test


class cleanup_boom(test.test):
    version = 1

    def cleanup(self):
        {}['missing']
