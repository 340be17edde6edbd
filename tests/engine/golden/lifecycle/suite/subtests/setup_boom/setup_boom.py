from autotest.client import test


class setup_boom(test.test):
    version = 1

    def setup(self):
        {}['missing']

    def cleanup(self):
        self.write_test_keyval({'cleanup': 'ran'})
