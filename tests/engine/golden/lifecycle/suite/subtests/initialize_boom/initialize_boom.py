from autotest.client import test


class initialize_boom(test.test):
    version = 1

    def initialize(self):
        {}['missing']

    def cleanup(self):
        self.write_test_keyval({'cleanup': 'ran'})
