from autotest.client import test


class postprocess_boom(test.test):
    version = 1

    def postprocess(self):
        {}['missing']

    def cleanup(self):
        self.write_test_keyval({'cleanup': 'ran'})
