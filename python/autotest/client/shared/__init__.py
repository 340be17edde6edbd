"""Modules the Autotest client shares with other parts of Autotest."""
