"""autotest: a clean-room Python 3 engine compatible with the Autotest client.

Control files and client tests written for Autotest run on it unchanged; see ``autotest-local``.
"""
