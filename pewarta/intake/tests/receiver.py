"""Run `python -m pewarta mailserver` as a real subprocess on the test database."""

import os
import select
import signal
import socket
import subprocess
import sys
import time

from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def subprocess_env(var_dir, **extra) -> dict:
    """Environment that points a child process at this test's database."""
    env = dict(os.environ)
    db = connection.settings_dict
    var_dir.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        link = var_dir / "pewarta.sqlite3"
        if not link.exists():
            link.symlink_to(db["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env.update({"PEWARTA_VAR_DIR": str(var_dir), "HUEY_IMMEDIATE": ""}, **extra)
    return env


class Receiver:
    def __init__(self, var_dir, *, lmtp=False, **env):
        self.port = free_port()
        self.env = subprocess_env(var_dir, **env)
        self.lmtp = lmtp
        self.proc = None

    def start(self, timeout=30):
        cmd = [sys.executable, "-m", "pewarta", "mailserver", "--host", "127.0.0.1",
               "--port", str(self.port)] + (["--lmtp"] if self.lmtp else [])  # fmt: skip
        self.proc = subprocess.Popen(  # noqa: S603
            cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                line = self.proc.stdout.readline().decode()
                if "listening on" in line:
                    return self
            if self.proc.poll() is not None:
                raise RuntimeError("mailserver exited during start-up")
        raise RuntimeError("mailserver did not start")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
