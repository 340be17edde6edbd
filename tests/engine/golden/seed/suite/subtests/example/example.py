import logging

from autotest.client import test

LOG = logging.getLogger(__name__)


class example(test.test):
    """The seed quickstart's example subtest: three iterations, logging each stage."""

    version = 1
    iterations = 3

    def initialize(self):
        LOG.info('INFO: initialize()')

    def execute(self, *args, **dargs):
        dargs['iterations'] = self.iterations
        super().execute(*args, **dargs)

    def run_once(self):
        LOG.info('INFO: run_once() iteration %d of %d', self.iteration, self.iterations)

    def postprocess_iteration(self):
        LOG.info('INFO: postprocess_iteration(), iteration #%d', self.iteration)

    def postprocess(self):
        LOG.info('INFO: postprocess()')

    def cleanup(self):
        LOG.info('INFO: cleanup()')
