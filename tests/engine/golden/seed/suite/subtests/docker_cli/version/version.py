import logging

from autotest.client import test

LOG = logging.getLogger(__name__)


class version(test.test):
    version = 1

    def run_once(self):
        LOG.info('INFO: run_once()')
