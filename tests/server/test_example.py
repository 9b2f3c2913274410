#!/usr/bin/env python3
"""The end-to-end example of docs/features.md runs: examples/train_and_serve.py builds a
point-in-time training set with pandas, trains scikit-learn on it, and checks that online
lookups return exactly the rows training used.

    FIRN_BIN=build/firn python3 tests/server/test_example.py
"""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class ExampleTest(unittest.TestCase):

    def test_train_and_serve(self):
        server = Server()
        try:
            env = {**os.environ,
                   "FIRN_DSN": f"host=127.0.0.1 port={server.port} user=firn dbname=firn"}
            run = subprocess.run(["/usr/bin/python3",
                                  os.path.join(ROOT, "examples", "train_and_serve.py")],
                                 env=env, capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            self.assertIn("online == training: 25 of 25", run.stdout)
            self.assertRegex(run.stdout, r"training set: 900 labels")
            self.assertRegex(run.stdout, r"user 4: risk \d\.\d{3}")
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(ExampleTest, needs_dsn=False))
