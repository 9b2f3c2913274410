"""Plumbing shared by the client tests: the DSN they run against, Debian's python3 (whose
packages provide psycopg2, psycopg, SQLAlchemy and pandas), and the closing line
`N passed, M failed` that the test command adds up."""

import os
import shlex
import sys
import unittest

DSN = os.environ.get("FIRN_DSN", "")
# FIRN_DSN as a dict: host, port, user, dbname.
PARAMS = dict(item.split("=", 1) for item in shlex.split(DSN))


def use_system_python():
    """Re-runs the current script under /usr/bin/python3 when another python3 (a pyenv one
    first on PATH, say) lacks the Debian packages. Returns only if that is not possible."""
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])


def run(case, needs_dsn=True) -> int:
    """Runs every test of the unittest class `case` (or those named on the command line),
    prints `N passed, M failed` last and returns the exit status."""
    if needs_dsn and not DSN:
        print("FIRN_DSN is not set\n0 passed, 1 failed")
        return 1
    names = sys.argv[1:]
    loader = unittest.defaultTestLoader
    suite = (loader.loadTestsFromNames(names, sys.modules[case.__module__]) if names
             else loader.loadTestsFromTestCase(case))
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    return 1 if failed else 0
