from autotest.client import test


class run_once_boom(test.test):
    version = 1

    def run_once(self):
        {}['missing']

    def cleanup(self):
        self.write_test_keyval({'cleanup': 'ran'})
