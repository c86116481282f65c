"""Fixtures for the interop suite: the real `pforte` binary, run as a subprocess.

    make test                       # everything, with a throwaway PostgreSQL
    scripts/test-postgres run -- .venv/bin/python -m pytest -q Tests/interop

PFORTE_TEST_BIN names the binary (default: .build/debug/pforte, built when missing). Tests that
start a server run on SQLite (the dev default); those whose behaviour depends on the store
(replay and one-time use, rotation races, SAML participants, federation and eID logins, restarts)
carry `@pytest.mark.postgres` and run on PostgreSQL at PFORTE_TEST_POSTGRES_URL too (skipped
without it, except under CI=true, where that fails). PFORTE_TEST_BACKENDS=all runs every test on
both stores. Under pytest-xdist (`-n 2`) each worker has its own temp dirs and free ports.

Servers start with a copy of a key directory generated once per session (RSA-3072 and the eID
development PKI cost about 1.5 s per start otherwise); `start(..., fresh_keys=True)` generates
new ones, and a config or environment that moves paths.keys gets none.
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from account_browser import PAGE_TIMEOUT
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


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, each worker gets a database of its own in the cluster of
    PFORTE_TEST_POSTGRES_URL (which then names it), so that parallel tests never meet."""
    url, worker = os.environ.get("PFORTE_TEST_POSTGRES_URL"), os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return
    database = f"pforte_test_{worker}"
    created = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", f"CREATE DATABASE {database}"],
                             capture_output=True, text=True)
    if created.returncode != 0 and "already exists" not in created.stderr:
        raise pytest.UsageError(f"cannot create the worker's database {database}: {created.stderr}")
    os.environ["PFORTE_TEST_POSTGRES_URL"] = url.rsplit("/", 1)[0] + "/" + database


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keeps the PostgreSQL variant of a test only where it carries the `postgres` mark."""
    if os.environ.get("PFORTE_TEST_BACKENDS") == "all":
        return
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params if callspec else {}
        on_postgres = "postgres" in (params.get("backend"), params.get("module_backend"))
        unmarked = item.get_closest_marker("postgres") is None
        (dropped if on_postgres and unmarked else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


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
    log_offset: int = 0  # where log() starts: see from_now()

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
        """Everything the server wrote to stderr so far (since from_now(), for its result)."""
        return self.stderr_path.read_text(errors="replace")[self.log_offset:]

    def from_now(self) -> PforteServer:
        """The same server for one test of a module that shares it: a new requests session, and
        log() from here on, so that earlier tests' lines prove nothing."""
        return replace(self, session=requests.Session(), log_offset=self.log_offset + len(self.log()))

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


TEARDOWN_GRACE = 3.0


def stop_process(process: subprocess.Popen[bytes]) -> str:
    """Ends a server after its test (graceful shutdown has tests of its own, test_shutdown.py):
    SIGTERM, and SIGKILL if it is still running after TEARDOWN_GRACE. Says which it took."""
    if process.poll() is not None:
        return ""
    process.terminate()
    try:
        process.wait(TEARDOWN_GRACE)
        return ""
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return f", killed {TEARDOWN_GRACE:g}s after SIGTERM"


@pytest.fixture(scope="session")
def key_template(pforte_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A keys/ directory made once per session (per xdist worker) by a first `pforte serve`
    on SQLite with the default settings: signing keys, installation secret, eID development PKI."""
    with server_starter(pforte_bin, Backend("sqlite", {}), tmp_path_factory) as start:
        server = start(fresh_keys=True)
        assert server.stop() == 0, server.log()
    return server.workdir / "keys"


def moves_keys(config: dict[str, Any], env: dict[str, str] | None) -> bool:
    """Whether the server's keys live elsewhere than <workdir>/keys."""
    return "keys" in (config.get("paths") or {}) or "PFORTE_PATHS_KEYS" in (env or {})


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


def on_shared_postgres(config: dict[str, Any]) -> bool:
    """Whether `config` names the shared test cluster's store (not a cluster a test runs itself)."""
    store = config.get("store") or {}
    return store.get("driver") == "postgres" and store.get("postgres_url") == os.environ.get("PFORTE_TEST_POSTGRES_URL")


def seed_keys(template: Path, keys: Path) -> None:
    """Copies the template's keys into a key directory that has no signing keys yet; what is
    there already (e.g. the installation secret a CLI command made) stays."""
    if (keys / "keyset.json").exists():
        return
    keys.mkdir(mode=0o700, exist_ok=True)
    for entry in template.iterdir():
        target = keys / entry.name
        if entry.name.startswith(".") or target.exists():
            continue
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy2(entry, target)


@contextmanager
def server_starter(pforte_bin: Path, backend: Backend, tmp_path_factory: pytest.TempPathFactory,
                   key_template: Path | None = None):
    """Yields start(config=None, env=None, workdir=None, *, port=None, port_flag=True,
    fresh_keys=False), which starts `pforte serve` and returns a PforteServer once /healthz
    answers 200.

    config: laid over the backend's store settings and written as the --config file (no
    --config at all when both are empty); env: extra environment; workdir: the cwd, where
    data/ and keys/ appear (a new temp dir unless given, e.g. to restart on the same state);
    port_flag=False leaves out --host/--port, so `port` must be where config or env put it.
    On PostgreSQL a workdir gets the keys of the installation the shared store belongs to
    (seed_installation_keys); on SQLite one without signing keys gets those of `key_template`
    (seed_keys) unless fresh_keys or the keys are configured elsewhere.
    Servers still running on exit are stopped; their logs are printed (shown on failure).
    """
    servers: list[PforteServer] = []

    def start(config: dict[str, Any] | None = None, env: dict[str, str] | None = None,
              workdir: Path | None = None, *, port: int | None = None,
              port_flag: bool = True, fresh_keys: bool = False) -> PforteServer:
        run_dir = tmp_path_factory.mktemp("run")
        workdir = workdir or tmp_path_factory.mktemp("work")
        port = port or free_port()
        full_config = merged(backend.config, config or {})
        if backend.name == "postgres":
            seed_installation_keys(pforte_bin, workdir, full_config)
        elif key_template and not fresh_keys and not moves_keys(config or {}, env):
            seed_keys(key_template, workdir / "keys")
        command = [str(pforte_bin), "serve"]
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
            how = stop_process(server.process)
            print(f"--- pforte on port {server.port} (exit {server.process.returncode}{how}), stderr:")
            print(server.log())


@pytest.fixture
def pforte_server(pforte_bin: Path, backend: Backend, tmp_path_factory: pytest.TempPathFactory,
                  key_template: Path):
    """A server starter for one test (see `server_starter`)."""
    with server_starter(pforte_bin, backend, tmp_path_factory, key_template) as start:
        yield start


@pytest.fixture(scope="module")
def module_pforte_server(pforte_bin: Path, module_backend: Backend, tmp_path_factory: pytest.TempPathFactory,
                         key_template: Path):
    """A server starter whose servers serve a whole test module, on `module_backend`."""
    with server_starter(pforte_bin, module_backend, tmp_path_factory, key_template) as start:
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
        cwd = cwd or tmp_path_factory.mktemp("work")
        if isinstance(config, dict) and on_shared_postgres(config) and "keys" not in args[:1]:
            # A command on the shared store writes data sealed under the installation secret:
            # it must be the installation's, or the server started later in cwd could not
            # open it (and would refuse to start with keys another command made).
            seed_installation_keys(pforte_bin, cwd, config)
        if config:
            command += ["--config", str(write_config(tmp_path_factory.mktemp("config"), config))]
        try:
            return subprocess.run(command, cwd=cwd,
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


# --- one headless Chromium per test ---------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture
def chromium():
    """Headless Chromium for the page tests, one per test: a browser shared by a worker's tests
    left later tests stalled on their first page (CI, two workers). Use `driver` from
    test_account_pages.py. CHROMIUM and CHROMEDRIVER override the binaries (default:
    Debian's /usr/bin/chromium and /usr/bin/chromedriver). Without them the tests are skipped,
    except under CI=true, where that fails."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        reason = f"no browser for the page tests: {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024",
                     "--lang=de-DE"):
        options.add_argument(argument)
    # A German citizen's browser: Accept-Language de, and no password manager in the way.
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "de-DE,de", "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
    })
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    browser.set_page_load_timeout(PAGE_TIMEOUT)
    browser.set_script_timeout(PAGE_TIMEOUT)
    yield browser
    browser.quit()
