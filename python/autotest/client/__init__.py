"""The Autotest client: jobs, tests, utilities and the ``autotest-local`` command."""
