import logging

from autotest.client import job as client_job
from autotest.client import test
from autotest.client.shared import base_job

LOG = logging.getLogger(__name__)


class example(test.test):
    """The seed quickstart's example subtest: three iterations, each stage logged the way the seed-era
    dockertest Subtest logs, as a RUNNING status line indented by the job's status indenter."""

    version = 1
    iterations = 3

    def loginfo(self, message, *args):
        indenter = client_job.status_indenter(self.job)
        logger = base_job.status_logger(self.job, indenter)
        entry = base_job.status_log_entry('RUNNING', None, None, 'INFO: ' + message % args, {})
        LOG.info(logger.render_entry(entry))

    def initialize(self):
        self.loginfo('initialize()')

    def execute(self, *args, **dargs):
        dargs['iterations'] = self.iterations
        super().execute(*args, **dargs)

    def run_once(self):
        self.loginfo('run_once() iteration %d of %d', self.iteration, self.iterations)

    def postprocess_iteration(self):
        self.loginfo('postprocess_iteration(), iteration #%d', self.iteration)

    def postprocess(self):
        self.loginfo('postprocess()')

    def cleanup(self):
        self.loginfo('cleanup()')
