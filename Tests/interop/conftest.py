"""Fixtures for the interop suite: the real `pforte` binary, run as a subprocess.

    make test                       # everything, with a throwaway PostgreSQL
    scripts/test-postgres run -- .venv/bin/python -m pytest -q Tests/interop

PFORTE_TEST_BIN names the binary (default: .build/debug/pforte, built when missing). Every test
that starts a server runs once per store backend: SQLite (the dev default) and PostgreSQL at
PFORTE_TEST_POSTGRES_URL (skipped without it, except under CI=true, where that fails).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from support import Sample, free_port, parse_prometheus, wait_until

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0


@pytest.fixture(scope="session")
def pforte_bin() -> Path:
    binary = Path(os.environ.get("PFORTE_TEST_BIN") or REPO / ".build" / "debug" / "pforte")
    if not binary.exists():
        subprocess.run([os.environ.get("SWIFT", "swift"), "build"], cwd=REPO, check=True)
    assert binary.is_file(), f"no pforte binary at {binary}"
    return binary


def child_env(extra: dict[str, str] | None) -> dict[str, str]:
    """This process's environment without PFORTE_* (no leaking settings), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PFORTE_")}
    return env | (extra or {})


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Config `override` laid over `base`, section by section."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = result[key] | value
        else:
            result[key] = value
    return result


def write_config(directory: Path, config: dict[str, Any] | str) -> Path:
    path = directory / "pforte.yaml"
    path.write_text(config if isinstance(config, str) else yaml.safe_dump(config))
    return path


# --- store backends ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Backend:
    name: str
    config: dict[str, Any]  # what the config file needs for this store; {} for the default


def backend_named(name: str) -> Backend:
    if name == "sqlite":
        return Backend("sqlite", {})
    url = os.environ.get("PFORTE_TEST_POSTGRES_URL")
    if not url:
        reason = "PFORTE_TEST_POSTGRES_URL is not set: run under scripts/test-postgres"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return Backend("postgres", {"store": {"driver": "postgres", "postgres_url": url}})


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Backend:
    return backend_named(request.param)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_backend(request: pytest.FixtureRequest) -> Backend:
    """`backend` for fixtures shared by a whole test module (one server per store)."""
    return backend_named(request.param)


# --- a running `pforte serve` -----------------------------------------------------------------

@dataclass
class PforteServer:
    process: subprocess.Popen[bytes]
    port: int
    workdir: Path
    stderr_path: Path
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.session.trust_env = False  # never send loopback requests through a proxy

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=10, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.base_url + path, timeout=10, **kwargs)

    def log(self) -> str:
        """Everything the server wrote to stderr so far."""
        return self.stderr_path.read_text(errors="replace")

    def log_records(self) -> list[dict[str, Any]]:
        """The complete stderr lines, each parsed as the JSON object it must be."""
        *complete, _partial = self.log().split("\n")
        return [json.loads(line) for line in complete if line.strip()]

    def metrics(self) -> list[Sample]:
        response = self.get("/metrics")
        assert response.status_code == 200, response.text
        return parse_prometheus(response.text)

    def running(self) -> bool:
        return self.process.poll() is None

    def wait(self, timeout: float) -> int:
        """Waits for the process to exit by itself; returns its exit code."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"pforte still running after {timeout:g}s\n{self.log()}", pytrace=False)

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Sends `sig` and returns the exit code; fails if the process outlives `timeout`."""
        self.session.close()
        if self.running():
            self.process.send_signal(sig)
        return self.wait(timeout)

    def wait_healthy(self) -> None:
        def healthy() -> bool:
            if not self.running():
                pytest.fail(f"pforte exited with {self.process.returncode} during start-up\n"
                            f"{self.log()}", pytrace=False)
            try:
                return self.get("/healthz").status_code == 200
            except requests.RequestException:
                return False

        wait_until(healthy, lambda: f"GET /healthz = 200 on port {self.port}\n{self.log()}",
                   STARTUP_TIMEOUT)


def seed_installation_keys(pforte_bin: Path, workdir: Path, config: dict[str, Any]) -> None:
    """Gives a server on the shared PostgreSQL store the keys of the installation that store
    belongs to (copied, 0700/0600 kept), unless its keys directory exists already: a node with
    other keys refuses to start on a store another installation has recorded. The keys are
    made once per shared cluster, under a file lock, so parallel test processes share them."""
    keys_dir = workdir / (config.get("paths", {}).get("keys") or "keys")
    if keys_dir.exists():
        return
    # The shared cluster's URL, not the server's: a test may reach the same store another way.
    url = os.environ.get("PFORTE_TEST_POSTGRES_URL", "")
    home = Path(tempfile.gettempdir()) / f"pforte-installation-{hashlib.sha256(url.encode()).hexdigest()[:16]}"
    home.mkdir(mode=0o700, exist_ok=True)
    with open(home / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "keys" / "installation-secret").exists():
            generated = subprocess.run([str(pforte_bin), "keys", "generate"], cwd=home, env=child_env(None),
                                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
            assert generated.returncode == 0, generated.stderr
    keys_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(home / "keys", keys_dir)


@contextmanager
def server_starter(pforte_bin: Path, backend: Backend, tmp_path_factory: pytest.TempPathFactory):
    """Yields start(config=None, env=None, workdir=None, *, port=None, port_flag=True), which
    starts `pforte serve` and returns a PforteServer once /healthz answers 200.

    config: laid over the backend's store settings and written as the --config file (no
    --config at all when both are empty); env: extra environment; workdir: the cwd, where
    data/ and keys/ appear (a new temp dir unless given, e.g. to restart on the same state);
    port_flag=False leaves out --host/--port, so `port` must be where config or env put it.
    Servers still running on exit are stopped; their logs are printed (shown on failure).
    """
    servers: list[PforteServer] = []

    def start(config: dict[str, Any] | None = None, env: dict[str, str] | None = None,
              workdir: Path | None = None, *, port: int | None = None,
              port_flag: bool = True) -> PforteServer:
        run_dir = tmp_path_factory.mktemp("run")
        workdir = workdir or tmp_path_factory.mktemp("work")
        port = port or free_port()
        command = [str(pforte_bin), "serve"]
        full_config = merged(backend.config, config or {})
        if backend.name == "postgres":
            seed_installation_keys(pforte_bin, workdir, full_config)
        if full_config:
            command += ["--config", str(write_config(run_dir, full_config))]
        if port_flag:
            command += ["--host", "127.0.0.1", "--port", str(port)]
        stderr_path = run_dir / "stderr.log"
        with open(run_dir / "stdout.log", "wb") as stdout, open(stderr_path, "wb") as stderr:
            process = subprocess.Popen(command, cwd=workdir, env=child_env(env),
                                       stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        server = PforteServer(process, port, workdir, stderr_path)
        servers.append(server)
        server.wait_healthy()
        return server

    try:
        yield start
    finally:
        for server in servers:
            if server.running():
                server.process.terminate()
                try:
                    server.process.wait(30)
                except subprocess.TimeoutExpired:
                    server.process.kill()
                    server.process.wait()
            print(f"--- pforte on port {server.port} (exit {server.process.returncode}), stderr:")
            print(server.log())


@pytest.fixture
def pforte_server(pforte_bin: Path, backend: Backend, tmp_path_factory: pytest.TempPathFactory):
    """A server starter for one test (see `server_starter`)."""
    with server_starter(pforte_bin, backend, tmp_path_factory) as start:
        yield start


@pytest.fixture(scope="module")
def module_pforte_server(pforte_bin: Path, module_backend: Backend, tmp_path_factory: pytest.TempPathFactory):
    """A server starter whose servers serve a whole test module, on `module_backend`."""
    with server_starter(pforte_bin, module_backend, tmp_path_factory) as start:
        yield start


# --- one-shot commands ------------------------------------------------------------------------

def command_runner(pforte_bin: Path, tmp_path_factory: pytest.TempPathFactory):
    """Runs `pforte ARGS...` to completion: run(*args, config=None, env=None, cwd=None,
    stdin=None, timeout=60) -> CompletedProcess with text stdout/stderr.

    config (a dict, or raw YAML text) is written to a file passed as --config; cwd defaults to
    a new temp dir; stdin is the text the command reads (none: /dev/null). A command still
    running at `timeout` fails the test.
    """

    def run(*args: str, config: dict[str, Any] | str | None = None,
            env: dict[str, str] | None = None, cwd: Path | None = None, stdin: str | None = None,
            timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        command = [str(pforte_bin), *args]
        if config:
            command += ["--config", str(write_config(tmp_path_factory.mktemp("config"), config))]
        try:
            return subprocess.run(command, cwd=cwd or tmp_path_factory.mktemp("work"),
                                  env=child_env(env), input=stdin if stdin is not None else "",
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as timeout_error:
            stderr = timeout_error.stderr or b""
            pytest.fail(f"`{' '.join(command)}` still running after {timeout:g}s; stderr:\n"
                        f"{stderr.decode(errors='replace') if isinstance(stderr, bytes) else stderr}",
                        pytrace=False)

    return run


@pytest.fixture
def pforte(pforte_bin: Path, tmp_path_factory: pytest.TempPathFactory):
    """`command_runner` for one test."""
    return command_runner(pforte_bin, tmp_path_factory)


@pytest.fixture(scope="module")
def module_pforte(pforte_bin: Path, tmp_path_factory: pytest.TempPathFactory):
    """`command_runner` for module-scoped fixtures."""
    return command_runner(pforte_bin, tmp_path_factory)
