import sys

from autotest.client import test, utils
from autotest.client.shared import error

EXPECTED = 'a' + '\u00e9' * 3000 + '\n'


class unicode_out(test.test):
    """Multi-byte output crossing pipe read boundaries, through run, AsyncJob and stdin."""

    version = 1

    def run_once(self):
        command = f"{sys.executable} -c \"print('a' + '\\u00e9' * 3000)\""
        outputs = {
            'run': utils.run(command).stdout,
            'AsyncJob': utils.AsyncJob(command).wait_for(30).stdout,
            'stdin': utils.run('cat', stdin=EXPECTED).stdout,
        }
        for name, out in outputs.items():
            if out != EXPECTED:
                raise error.TestFail(f'{name}: {out.count(chr(0xFFFD))} replacement characters')
        self.write_test_keyval({'characters': len(EXPECTED)})
