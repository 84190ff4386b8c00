"""Running git for planner: with the user's own access to the remote (SSH keys, credential
helpers), but never a prompt, never a wait without end, and never the user's hooks or
commit signing for planner's own commits."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
from pathlib import Path

from planner.errors import PlannerError

NETWORK_TIMEOUT_SECONDS = 30.0
LOCAL_TIMEOUT_SECONDS = 60.0
# For planner's commits and merges only: the user's settings for their own repositories
# (hooks, signing, rebase on pull) are not planner's to run.
SAFE_CONFIG = (
    "-c",
    "commit.gpgsign=false",
    "-c",
    "core.hooksPath=",
    "-c",
    "pull.rebase=false",
)


class GitError(PlannerError):
    """git failed, or is missing; the message says which command and why."""


class Offline(GitError):
    """The remote cannot be reached now; local work goes on and the next sync catches up."""


# The network commands running now (fetch, push), so that a quitting app can stop them:
# stopping one is safe (refs change atomically), and the next sync does it again.
_RUNNING: set[subprocess.Popen[str]] = set()
_RUNNING_LOCK = threading.Lock()


# Set by a stop: a sync still doing its local work when the app quit must not start its
# fetch afterwards (the process would wait for it); the next sync clears it.
_STOPPED = threading.Event()


def allow_network_commands() -> None:
    """A new sync begins: network commands may run again after a stop."""
    _STOPPED.clear()


def stop_network_commands() -> None:
    """Stop every fetch or push under way in this process, and those the syncs under way
    would start next (they end Offline)."""
    _STOPPED.set()
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for process in running:
        _stop(process)


def _stop(process: subprocess.Popen[str]) -> None:
    """git and what it started (ssh, a credential helper): a child left running would keep
    git's output open, and whoever waits for git would wait for it."""
    with contextlib.suppress(OSError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)  # its own group: see start_new_session
        else:
            process.kill()


def git_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # a missing password fails, it does not ask
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=10")
    env.setdefault("LC_ALL", "C")  # messages planner reads are git's English ones
    return env


def git(
    folder: Path,
    *args: str,
    network: bool = False,
    check: bool = True,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``git args`` in ``folder``; GitError when it fails (``check``), Offline when a
    ``network`` command cannot reach the remote or takes too long (``timeout`` seconds,
    after which git is stopped)."""
    if shutil.which("git") is None:
        raise GitError("planner remote needs git: install it and make sure it is on PATH")
    if timeout is None:
        timeout = NETWORK_TIMEOUT_SECONDS if network else LOCAL_TIMEOUT_SECONDS
    command = ["git", "-C", str(folder), *SAFE_CONFIG, *args]
    if network and _STOPPED.is_set():
        raise Offline(f"git {args[0]} was not started: the sync was stopped")
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=git_env(),
        start_new_session=network,  # a group of its own, stopped as one (see _stop)
    ) as process:
        if network:
            with _RUNNING_LOCK:
                _RUNNING.add(process)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if network:
                _stop(process)
            else:
                process.kill()
            process.communicate()
            error = Offline if network else GitError
            raise error(f"git {args[0]} took more than {timeout:.1f} s and was stopped") from None
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(process)
    done = subprocess.CompletedProcess(command, process.returncode, out, err)
    if network and process.returncode < 0:
        raise Offline(f"git {args[0]} was stopped before it finished")
    if check and done.returncode != 0:
        reason = (done.stderr.strip() or done.stdout.strip()).splitlines()
        said = reason[-1] if reason else f"exit status {done.returncode}"
        raise (Offline if network else GitError)(f"git {args[0]} failed: {said}")
    return done
