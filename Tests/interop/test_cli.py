"""The one-shot subcommands: help, `keys generate|list|rotate`, `migrate`."""

import stat
from pathlib import Path

import pytest

from support import digests

PURPOSES = ("oidc-es256", "oidc-rs256", "saml")


def key_list(pforte, cwd: Path) -> set[tuple[str, str, str]]:
    """`pforte keys list` as (purpose, kid, state) rows; what follows the state is left out."""
    result = pforte("keys", "list", cwd=cwd)
    assert result.returncode == 0, result.stderr
    rows = [tuple(line.split()[:3]) for line in result.stdout.splitlines()
            if line.strip() and not line.startswith("installation ")]
    assert all(len(row) == 3 for row in rows), result.stdout
    assert len(set(rows)) == len(rows), result.stdout
    return set(rows)


@pytest.fixture
def generated(pforte, tmp_path) -> Path:
    """A working dir after `pforte keys generate`."""
    result = pforte("keys", "generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_help_names_the_subcommands(pforte):
    result = pforte("--help")

    assert result.returncode == 0
    for subcommand in ("serve", "migrate", "keys"):
        assert subcommand in result.stdout


def test_serve_help_names_the_options(pforte):
    result = pforte("serve", "--help")

    assert result.returncode == 0
    for option in ("--config", "--host", "--port"):
        assert option in result.stdout


def test_keys_generate_makes_one_active_key_per_purpose(pforte, generated):
    rows = key_list(pforte, generated)

    assert sorted((purpose, state) for purpose, _, state in rows) == [(p, "active") for p in PURPOSES]
    files = {p.name for p in (generated / "keys").iterdir()}
    for purpose, kid, _ in rows:
        assert f"{purpose}-{kid}.key.pem" in files


def test_keys_generate_keeps_existing_keys(pforte, generated):
    rows, files = key_list(pforte, generated), digests(generated / "keys")

    assert pforte("keys", "generate", cwd=generated).returncode == 0

    assert key_list(pforte, generated) == rows
    assert digests(generated / "keys") == files


def test_keys_list_shows_the_installation_fingerprint(pforte, generated, tmp_path_factory):
    generated_lines = pforte("keys", "generate", cwd=generated).stdout.splitlines()
    (fingerprint,) = [line.split()[1] for line in generated_lines if line.startswith("installation ")]

    listed = pforte("keys", "list", cwd=generated).stdout.splitlines()
    assert f"installation  {fingerprint}" in listed

    empty = tmp_path_factory.mktemp("no-keys")
    listed = pforte("keys", "list", cwd=empty)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[-1].startswith("installation  missing")
    assert not (empty / "keys" / "installation-secret").exists()


def test_keys_rotate_adds_next_then_promotes_it(pforte, generated):
    before = key_list(pforte, generated)
    (old_kid,) = [kid for purpose, kid, _ in before if purpose == "oidc-es256"]
    others = {row for row in before if row[0] != "oidc-es256"}

    assert pforte("keys", "rotate", "oidc-es256", cwd=generated).returncode == 0
    staged = key_list(pforte, generated)
    (new_kid,) = [kid for purpose, kid, state in staged if purpose == "oidc-es256" and state == "next"]
    assert staged == others | {("oidc-es256", old_kid, "active"), ("oidc-es256", new_kid, "next")}
    new_file = generated / "keys" / f"oidc-es256-{new_kid}.key.pem"
    assert stat.S_IMODE(new_file.stat().st_mode) == 0o600

    assert pforte("keys", "rotate", "oidc-es256", cwd=generated).returncode == 0
    assert key_list(pforte, generated) == others | {("oidc-es256", new_kid, "active"),
                                                    ("oidc-es256", old_kid, "retired")}


def test_keys_rotate_rejects_an_unknown_purpose(pforte, generated):
    before = key_list(pforte, generated)

    result = pforte("keys", "rotate", "oidc-hs256", cwd=generated)

    assert result.returncode != 0
    assert "oidc-hs256" in result.stderr
    assert key_list(pforte, generated) == before


@pytest.mark.postgres
def test_migrate_is_repeatable(pforte, backend, tmp_path):
    for _ in range(2):
        result = pforte("migrate", config=backend.config, cwd=tmp_path)
        assert result.returncode == 0, result.stderr

    assert (tmp_path / "data" / "pforte.sqlite").exists() == (backend.name == "sqlite")
