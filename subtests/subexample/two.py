"""The ``two`` sub-subtest of ``subexample``, loaded from a module of its own."""

from dockertest import subtest


class two(subtest.SubSubtest):
    """Checks that its own section's option overrides the parent's."""

    def run_once(self):
        super().run_once()
        self.sub_stuff['greeting'] = self.config['greeting']

    def postprocess(self):
        super().postprocess()
        self.failif_ne(self.sub_stuff['greeting'], 'hello from [subexample/two]', 'greeting option')
