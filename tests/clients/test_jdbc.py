#!/usr/bin/env python3
"""Runner for the pgjdbc client tests (TestJdbc.java) against the server named by FIRN_DSN.

    FIRN_DSN='host=127.0.0.1 port=5432 user=firn dbname=firn' python3 tests/clients/test_jdbc.py

Compiles TestJdbc.java with javac against /usr/share/java/postgresql.jar (Debian
libpostgresql-jdbc-java, openjdk-17-jdk-headless) into a temporary folder and runs it; its
output, ending with `N passed, M failed`, is passed through, and so is its exit status. A
missing JDK or driver is one failure, reported as such.
"""

import os
import shlex
import shutil
import subprocess
import sys
import tempfile

JAR = os.environ.get("PGJDBC_JAR", "/usr/share/java/postgresql.jar")
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    dsn = dict(item.split("=", 1) for item in shlex.split(os.environ.get("FIRN_DSN", "")))
    if not shutil.which("javac") or not shutil.which("java") or not os.path.exists(JAR):
        print("test_jdbc: needs javac, java and " + JAR + " (scripts/install-deps.sh --test)")
        print("0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory() as out:
        compiled = subprocess.run(
            ["javac", "-d", out, "-cp", JAR, os.path.join(HERE, "TestJdbc.java")],
            capture_output=True, text=True, check=False)
        if compiled.returncode != 0:
            print(compiled.stdout + compiled.stderr)
            print("0 passed, 1 failed")
            return 1
        args = [dsn.get("host", "127.0.0.1"), dsn.get("port", "5432"), dsn.get("user", "firn"),
                dsn.get("dbname", dsn.get("user", "firn"))]
        return subprocess.run(["java", "-cp", f"{JAR}:{out}", "TestJdbc", *args],
                              timeout=300, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
