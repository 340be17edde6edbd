import os
import subprocess

from autotest.client import test, utils


class hang(test.test):
    """Starts processes three ways, records their pids, then hangs in utils.run."""

    version = 1

    def run_once(self):
        background = utils.AsyncJob('sleep 300', verbose=False)
        plain = subprocess.Popen(['sleep', '301'])
        shell = utils.AsyncJob('sleep 302 & echo $!; wait', verbose=False)
        utils.wait_for(lambda: shell.get_stdout().strip(), timeout=10, step=0.05)
        pids = [os.getpid(), background.sp.pid, plain.pid, shell.sp.pid, int(shell.get_stdout())]
        with open(os.path.join(os.environ['ENGINE_TEST_ROOT'], 'pids'), 'w') as out:
            out.write(' '.join(str(pid) for pid in pids))
        utils.run('sleep 303')
