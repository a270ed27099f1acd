"""Helpers for tests that run riwaya in a child process and kill it."""

from __future__ import annotations

import subprocess


def reap(proc: subprocess.Popen) -> None:
    """Kill ``proc`` if it still runs, wait for it and close its pipes (no zombie, no leaked fd)."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
