"""Two nodes on one PostgreSQL, tried as an operator would (issue 16): the database restarted
under load, frozen, and gone while a node stops; keys of another installation; a second server
on one SQLite file; adding a node as docs/operations.md says.

The test runs its own PostgreSQL cluster (initdb/pg_ctl, like scripts/test-postgres) so that it
can restart and freeze it without touching the cluster other tests use. Timeouts are set small
(1 s per statement, 2 s per transaction, 3 s shutdown grace) to keep every test short."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from conftest import PforteServer, child_env, write_config
from support import free_port, wait_until

STATEMENT_TIMEOUT = 1
TRANSACTION_TIMEOUT = 2
READINESS_TIMEOUT = 1
GRACE = 3
# The longest a request may take: the wait for a connection, then one unit of work, plus the
# scheduling slack of a loaded test machine.
REQUEST_LIMIT = STATEMENT_TIMEOUT + TRANSACTION_TIMEOUT + 1.5


def postgres_bindir() -> Path:
    found = shutil.which("pg_config")
    if found:
        bindir = Path(subprocess.run([found, "--bindir"], capture_output=True, text=True).stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not candidates:
        pytest.skip("no PostgreSQL server binaries (install postgresql)")
    return candidates[-1]


@dataclass
class Cluster:
    """A throwaway PostgreSQL cluster on a free loopback port."""
    bindir: Path
    directory: Path
    port: int
    user: str | None  # the cluster's owner when we run as root (initdb refuses root)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/pforte"

    def run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, cwd=self.directory, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='{self.directory}' "
                   "-c fsync=off -c max_connections=100")
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "postgres.log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def processes(self) -> list[int]:
        """The postmaster and every backend it forked."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == postmaster:
                    children.append(int(entry.name))
        return [postmaster, *children]

    def signal_all(self, sig: signal.Signals) -> None:
        """Signals the postmaster and its backends until no new one turns up: a backend forked
        while the list was read (a node opening a connection) would otherwise escape a SIGSTOP
        and answer as if the database were up."""
        signalled: set[int] = set()
        while pending := [pid for pid in self.processes() if pid not in signalled]:
            for pid in pending:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
                signalled.add(pid)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    bindir = postgres_bindir()
    user = None
    if os.geteuid() == 0:
        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            user = "pforte-test-pg"
            try:
                pwd.getpwnam(user)
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                                "--shell", "/usr/sbin/nologin", user], check=True)
    directory = Path(tempfile.mkdtemp(prefix="pforte-two-nodes-pg-"))
    if user:
        shutil.chown(directory, user)
    cluster = Cluster(bindir, directory, free_port(), user)
    cluster.run("initdb", "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                "--locale=C", "--no-sync")
    cluster.start()
    cluster.run("createdb", "-h", str(directory), "-p", str(cluster.port), "-U", "postgres", "pforte")
    try:
        yield cluster
    finally:
        try:
            cluster.signal_all(signal.SIGCONT)
            cluster.stop()
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def nodes(pforte_bin: Path, tmp_path: Path):
    """start(workdir, config=None) -> PforteServer (healthy), run(workdir, *args, config) ->
    CompletedProcess; nodes still running at the end are stopped."""
    started: list[PforteServer] = []

    def spawn(workdir: Path, config: dict) -> PforteServer:
        workdir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        run_dir = Path(tempfile.mkdtemp(dir=tmp_path))
        command = [str(pforte_bin), "serve", "--config", str(write_config(run_dir, config)),
                   "--host", "127.0.0.1", "--port", str(port)]
        stderr_path = run_dir / "stderr.log"
        with open(run_dir / "stdout.log", "wb") as stdout, open(stderr_path, "wb") as stderr:
            process = subprocess.Popen(command, cwd=workdir, env=child_env(None), stdin=subprocess.DEVNULL,
                                       stdout=stdout, stderr=stderr)
        server = PforteServer(process, port, workdir, stderr_path)
        started.append(server)
        return server

    def start(workdir: Path, config: dict) -> PforteServer:
        server = spawn(workdir, config)
        server.wait_healthy()
        return server

    def run(workdir: Path, *args: str, config: dict) -> subprocess.CompletedProcess[str]:
        command = [str(pforte_bin), *args, "--config", str(write_config(Path(tempfile.mkdtemp(dir=tmp_path)), config))]
        return subprocess.run(command, cwd=workdir, env=child_env(None), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60)

    start.spawn = spawn  # type: ignore[attr-defined]
    start.run = run  # type: ignore[attr-defined]
    yield start
    for server in started:
        if server.running():
            server.process.kill()
            server.process.wait()
        print(f"--- node on port {server.port} (exit {server.process.returncode}):\n{server.log()}")


def node_config(cluster: Cluster, keys: Path) -> dict:
    return {
        "store": {"driver": "postgres", "postgres_url": cluster.url, "pool_size": 4,
                  "statement_timeout_seconds": STATEMENT_TIMEOUT, "transaction_timeout_seconds": TRANSACTION_TIMEOUT},
        "server": {"shutdown_grace_seconds": GRACE, "readiness_timeout_seconds": READINESS_TIMEOUT},
        "paths": {"keys": str(keys)},
        "log": {"format": "text"},
    }


@pytest.fixture(scope="module")
def installation(cluster: Cluster, pforte_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The keys of the installation the cluster's store belongs to, made the documented way
    (`pforte keys generate`)."""
    home = tmp_path_factory.mktemp("installation")
    keys = home / "keys"
    command = [str(pforte_bin), "keys", "generate", "--config", str(write_config(home, node_config(cluster, keys)))]
    generated = subprocess.run(command, cwd=home, env=child_env(None), stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=120)
    assert generated.returncode == 0, generated.stderr
    assert "installation-secret" not in generated.stdout and "installation " in generated.stdout
    assert (keys / "installation-secret").exists()
    return keys


def two_nodes(cluster: Cluster, nodes, installation: Path, tmp_path: Path) -> tuple[PforteServer, PforteServer]:
    config = node_config(cluster, installation)
    return nodes(tmp_path / "a", config), nodes(tmp_path / "b", config)


@dataclass
class Outcome:
    path: str
    status: int | None
    seconds: float
    error: str | None = None


def load(servers: list[PforteServer], stop: threading.Event, outcomes: list[Outcome]) -> list[threading.Thread]:
    """Two request loops per node, loopback only, each request bounded by its own timeout:
    readiness and a token request (it looks up the client in the store)."""
    def loop(server: PforteServer, path: str) -> None:
        session = requests.Session()
        session.trust_env = False
        while not stop.is_set():
            started = time.monotonic()
            try:
                if path == "/token":
                    response = session.post(server.base_url + path, timeout=REQUEST_LIMIT + 5,
                                            data={"grant_type": "authorization_code", "code": "x", "client_id": "nobody"})
                else:
                    response = session.get(server.base_url + path, timeout=REQUEST_LIMIT + 5)
                outcomes.append(Outcome(path, response.status_code, time.monotonic() - started))
            except requests.RequestException as error:
                outcomes.append(Outcome(path, None, time.monotonic() - started, str(error)))
            time.sleep(0.02)

    threads = [threading.Thread(target=loop, args=(server, path), daemon=True)
               for server in servers for path in ("/healthz", "/token")]
    for thread in threads:
        thread.start()
    return threads


def test_database_restarted_three_times_under_load(cluster, nodes, installation, tmp_path):
    first, second = two_nodes(cluster, nodes, installation, tmp_path)
    stop, outcomes = threading.Event(), []
    threads = load([first, second], stop, outcomes)
    try:
        for _ in range(3):
            time.sleep(0.5)
            cluster.stop()
            time.sleep(0.5)
            cluster.start()
        for server in (first, second):  # back without a restart of the node
            wait_until(lambda: server.get("/healthz").status_code == 200, "readiness after the restarts", 10)
    finally:
        stop.set()
        for thread in threads:
            thread.join(REQUEST_LIMIT + 10)
    unanswered = [outcome for outcome in outcomes if outcome.status is None]
    assert not unanswered, unanswered[:5]
    slow = [outcome for outcome in outcomes if outcome.seconds > REQUEST_LIMIT]
    assert not slow, slow[:5]
    statuses = {outcome.status for outcome in outcomes}
    assert statuses <= {200, 400, 401, 503}, statuses
    assert 503 in statuses  # the outages were seen, and answered
    assert first.running() and second.running()


def token_request_ignoring_errors(node: PforteServer) -> None:
    """A request in flight while the node stops; its fate is the node's shutdown."""
    try:
        requests.post(node.base_url + "/token", data={"grant_type": "authorization_code", "code": "x"}, timeout=30)
    except requests.RequestException:
        pass


def test_frozen_database_readiness_and_sigterm(cluster, nodes, installation, tmp_path):
    node = nodes(tmp_path / "a", node_config(cluster, installation))
    assert node.get("/livez").status_code == 200
    cluster.signal_all(signal.SIGSTOP)
    try:
        started = time.monotonic()
        assert node.get("/healthz").status_code == 503
        assert time.monotonic() - started < READINESS_TIMEOUT + 1.5
        assert node.get("/livez").status_code == 200  # liveness never asks the store
        started = time.monotonic()
        token = node.post("/token", data={"grant_type": "authorization_code", "code": "x", "client_id": "nobody"})
        assert time.monotonic() - started < REQUEST_LIMIT
        assert token.status_code == 503 and token.json()["error"] == "temporarily_unavailable"
        hung = threading.Thread(target=token_request_ignoring_errors, args=(node,), daemon=True)
        hung.start()
        started = time.monotonic()
        node.process.send_signal(signal.SIGTERM)
        node.wait(GRACE + 2)
        assert time.monotonic() - started <= GRACE + 0.5
    finally:
        cluster.signal_all(signal.SIGCONT)


def test_keys_of_another_installation_are_refused(cluster, nodes, installation, tmp_path):
    nodes(tmp_path / "a", node_config(cluster, installation))  # the store belongs to `installation`
    other = tmp_path / "other-keys"
    assert nodes.run(tmp_path, "keys", "generate", config=node_config(cluster, other)).returncode == 0
    stranger = nodes.spawn(tmp_path / "b", node_config(cluster, other))
    assert stranger.wait(30) == 2
    assert "another installation" in stranger.log()

    empty = nodes.spawn(tmp_path / "c", node_config(cluster, tmp_path / "no-keys"))
    assert empty.wait(30) == 2
    assert "lacks installation-secret" in empty.log()
    assert not (tmp_path / "no-keys" / "installation-secret").exists()


def test_adding_a_node_as_documented(cluster, nodes, installation, tmp_path):
    """docs/operations.md, "Adding a node": copy the keys directory of a running node (cp -a
    keeps the modes), start the new node with the same settings."""
    first = nodes(tmp_path / "a", node_config(cluster, installation))
    copied = tmp_path / "new-node-keys"
    subprocess.run(["cp", "-a", str(installation), str(copied)], check=True)
    second = nodes(tmp_path / "b", node_config(cluster, copied))
    assert first.get("/jwks").json() == second.get("/jwks").json()


def test_a_second_server_on_one_sqlite_file_is_refused(nodes, tmp_path):
    config = {"log": {"format": "text"}}
    nodes(tmp_path, config)
    second = nodes.spawn(tmp_path, config)
    assert second.wait(30) == 2
    assert "another Pforte process serves the SQLite database" in second.log()


def test_a_refused_start_leaves_no_sqlite_files(nodes, tmp_path):
    """A start that fails (port in use, a bad client file, the lock held, foreign keys) leaves no
    database behind that it created, and never touches one that was there."""
    config = {"log": {"format": "text"}}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = nodes.run(fresh, "serve", "--host", "127.0.0.1", "--port", str(port), config=config)
    assert refused.returncode == 2, refused.stderr
    assert f"127.0.0.1:{port}" in refused.stderr
    assert not (fresh / "data").exists() and not (fresh / "keys").exists()

    (fresh / "clients").mkdir()
    (fresh / "clients" / "broken.yaml").write_text("client_id: broken\nredirect_uris: not-a-list\n")
    refused = nodes.run(fresh, "serve", "--host", "127.0.0.1", "--port", str(free_port()), config=config)
    assert refused.returncode == 2, refused.stderr
    assert "broken.yaml" in refused.stderr
    assert not (fresh / "data").exists() and not (fresh / "keys").exists()

    serving = tmp_path / "serving"
    first = nodes(serving, config)
    before = sorted(path.name for path in (serving / "data").iterdir())
    second = nodes.run(serving, "serve", "--host", "127.0.0.1", "--port", str(free_port()), config=config)
    assert second.returncode == 2, second.stderr
    assert sorted(path.name for path in (serving / "data").iterdir()) == before
    assert first.get("/healthz").status_code == 200

    first.process.send_signal(signal.SIGTERM)
    assert first.wait(GRACE + 2) == 0
    database = serving / "data" / "pforte.sqlite"
    stopped = sorted(path.name for path in (serving / "data").iterdir()), database.stat().st_mtime_ns
    other_keys = tmp_path / "other-keys"
    assert nodes.run(tmp_path, "keys", "generate", config={"paths": {"keys": str(other_keys)}}).returncode == 0
    foreign = nodes.run(serving, "serve", "--host", "127.0.0.1", "--port", str(free_port()),
                        config={**config, "paths": {"keys": str(other_keys)}})
    assert foreign.returncode == 2, foreign.stderr
    assert "another installation" in foreign.stderr
    assert (sorted(path.name for path in (serving / "data").iterdir()), database.stat().st_mtime_ns) == stopped


def test_postgres_start_up_errors_name_the_database(cluster, nodes, tmp_path):
    """An unreachable server or a refused role: exit code 1 and one line naming host, port,
    database and role with the reason (docs/operations.md, "Running" step 3)."""
    def serve(url: str) -> subprocess.CompletedProcess[str]:
        config = {"store": {"driver": "postgres", "postgres_url": url}, "log": {"format": "text"}}
        return nodes.run(tmp_path, "serve", "--host", "127.0.0.1", "--port", str(free_port()), config=config)

    closed = free_port()
    unreachable = serve(f"postgres://postgres@127.0.0.1:{closed}/pforte")
    assert unreachable.returncode == 1, unreachable.stderr
    (line,) = [line for line in unreachable.stderr.splitlines() if line.startswith("pforte: ")]
    assert f"PostgreSQL at 127.0.0.1:{closed}, database pforte, role postgres" in line
    assert "Connection refused" in line

    refused = serve(f"postgres://no_such_role@127.0.0.1:{cluster.port}/pforte")
    assert refused.returncode == 1, refused.stderr
    (line,) = [line for line in refused.stderr.splitlines() if line.startswith("pforte: ")]
    assert f"PostgreSQL at 127.0.0.1:{cluster.port}, database pforte, role no_such_role" in line
    assert 'role "no_such_role" does not exist' in line and "SQLSTATE 28000" in line
    assert not (tmp_path / "keys").exists()
