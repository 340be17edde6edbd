from autotest.client import test


class warmup_boom(test.test):
    version = 1

    def warmup(self):
        {}['missing']

    def cleanup(self):
        self.write_test_keyval({'cleanup': 'ran'})
