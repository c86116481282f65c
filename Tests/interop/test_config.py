"""Configuration: YAML file < PFORTE_* environment < command-line flags; every mistake is a
one-line message naming the culprit and exit code 2."""

import pytest

from support import free_ports, port_accepts

INVALID_FILES = {
    "type": ({"server": {"port": "eighty"}}, "server.port"),
    "range": ({"server": {"port": 70000}}, "server.port"),
    "negative": ({"server": {"shutdown_grace_seconds": -1}}, "server.shutdown_grace_seconds"),
    "unknown key": ({"server": {"prot": 8080}}, "server.prot"),
    "unknown section": ({"colour": "blue"}, "colour"),
    "not a mapping": ({"server": "localhost"}, "server"),
    "log level": ({"log": {"level": "loud"}}, "log.level"),
    "log format": ({"log": {"format": "xml"}}, "log.format"),
    "store driver": ({"store": {"driver": "mysql"}}, "store.driver"),
    "postgres without url": ({"store": {"driver": "postgres"}}, "store.postgres_url"),
    "pool size": ({"store": {"pool_size": 0}}, "store.pool_size"),
    "argon2": ({"passwords": {"argon2_parallelism": 0}}, "passwords.argon2_parallelism"),
    "retention": ({"keys": {"retired_key_retention_hours": "soon"}}, "keys.retired_key_retention_hours"),
    "unparsable": ("server: [port: 8080\n", "pforte.yaml"),
}

INVALID_ENV = {
    "type": ({"PFORTE_SERVER_PORT": "eighty"}, "PFORTE_SERVER_PORT"),
    "enum": ({"PFORTE_LOG_LEVEL": "loud"}, "PFORTE_LOG_LEVEL"),
    "unknown": ({"PFORTE_SERVER_PROT": "8080"}, "PFORTE_SERVER_PROT"),
}


def assert_rejected(result, culprit: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert culprit in lines[0]


@pytest.mark.parametrize("config, culprit", INVALID_FILES.values(), ids=INVALID_FILES.keys())
def test_invalid_config_file(pforte, config, culprit):
    assert_rejected(pforte("serve", config=config, timeout=20), culprit)


@pytest.mark.parametrize("env, culprit", INVALID_ENV.values(), ids=INVALID_ENV.keys())
def test_invalid_environment_override(pforte, env, culprit):
    assert_rejected(pforte("serve", env=env, timeout=20), culprit)


def test_missing_config_file(pforte, tmp_path):
    missing = tmp_path / "nowhere.yaml"

    assert_rejected(pforte("serve", "--config", str(missing), timeout=20), str(missing))


@pytest.mark.postgres
def test_every_documented_key_is_accepted(pforte_server, backend, tmp_path):
    sqlite_file = tmp_path / "pforte.sqlite"
    sqlite = {"driver": "sqlite", "sqlite_path": str(sqlite_file)}
    server = pforte_server({
        "server": {"public_url": "http://127.0.0.1:8080", "shutdown_grace_seconds": 5},
        "paths": {"data": "state", "keys": "keys"},
        "store": {**(backend.config.get("store") or sqlite), "pool_size": 4},
        "log": {"level": "debug", "format": "json"},
        "passwords": {"argon2_memory_kib": 19456, "argon2_iterations": 2, "argon2_parallelism": 1},
        "keys": {"retired_key_retention_hours": 48},
    })

    assert server.get("/healthz").status_code == 200
    assert sqlite_file.exists() == (backend.name == "sqlite")


@pytest.mark.postgres
def test_sqlite_file_under_data_only_for_the_sqlite_store(pforte_server, backend):
    server = pforte_server()

    assert (server.workdir / "data" / "pforte.sqlite").exists() == (backend.name == "sqlite")


def test_flag_beats_environment_beats_file(pforte_server):
    file_port, env_port, flag_port = free_ports(3)

    pforte_server({"server": {"port": file_port}}, env={"PFORTE_SERVER_PORT": str(env_port)},
                  port=flag_port)

    assert not port_accepts(file_port)
    assert not port_accepts(env_port)


def test_environment_beats_file(pforte_server):
    file_port, env_port = free_ports(2)

    pforte_server({"server": {"port": file_port}}, env={"PFORTE_SERVER_PORT": str(env_port)},
                  port=env_port, port_flag=False)

    assert not port_accepts(file_port)
