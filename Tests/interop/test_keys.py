"""Signing keys of `pforte serve`: generated on first start (0600 files in a 0700 dir), kept on
restart, readable by OpenSSL, named by their RFC 7638 thumbprints."""

import base64
import hashlib
import json
import re
import stat
import subprocess
from pathlib import Path

from support import digests

PATTERNS = {
    "oidc-es256": re.compile(r"oidc-es256-(?P<kid>.+)\.key\.pem"),
    "oidc-rs256": re.compile(r"oidc-rs256-(?P<kid>.+)\.key\.pem"),
    "saml": re.compile(r"saml-(?P<kid>.+)\.key\.pem"),
    "saml-cert": re.compile(r"saml-(?P<kid>.+)\.cert\.pem"),
}


def key_files(keys_dir: Path) -> dict[str, str]:
    """The kid of each kind of key file, checking that there is exactly one file of each kind
    (besides the manifest, the installation secret, hidden files such as a lock, and eid-dev/,
    the development PKI of the bundled eID-Server simulator)."""
    names = sorted(p.name for p in keys_dir.iterdir())
    kids = {}
    for name in names:
        if name in ("keyset.json", "installation-secret", "eid-dev") or name.startswith("."):
            continue
        kinds = [kind for kind, pattern in PATTERNS.items() if pattern.fullmatch(name)]
        assert len(kinds) == 1, f"unexpected file {name} in {names}"
        assert kinds[0] not in kids, f"two {kinds[0]} files in {names}"
        kids[kinds[0]] = PATTERNS[kinds[0]].fullmatch(name)["kid"]
    assert "keyset.json" in names, names
    assert kids.keys() == PATTERNS.keys(), names
    return kids


def openssl(*args: str) -> str:
    return subprocess.run(["openssl", *args], check=True, capture_output=True, text=True).stdout


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(number: int) -> bytes:
    """Big-endian bytes without leading zeros, as JWK wants RSA numbers."""
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def thumbprint(key_file: Path) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) of the public half of a PEM private key, via OpenSSL."""
    text = openssl("pkey", "-noout", "-text", "-in", str(key_file))
    if "prime256v1" in text:
        # A P-256 SubjectPublicKeyInfo ends with the uncompressed point 04 || x || y.
        point = subprocess.run(["openssl", "pkey", "-pubout", "-outform", "DER", "-in", str(key_file)],
                               check=True, capture_output=True).stdout[-65:]
        assert point[0] == 4
        jwk = {"crv": "P-256", "kty": "EC", "x": b64url(point[1:33]), "y": b64url(point[33:])}
    else:
        modulus = openssl("rsa", "-noout", "-modulus", "-in", str(key_file)).strip().split("=")[1]
        exponent = int(re.search(r"publicExponent: (\d+)", text)[1])
        jwk = {"e": b64url(unsigned(exponent)), "kty": "RSA", "n": b64url(unsigned(int(modulus, 16)))}
    canonical = json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()
    return b64url(hashlib.sha256(canonical).digest())


def test_first_start_generates_private_keys(pforte_server):
    server = pforte_server(fresh_keys=True)
    keys_dir = server.workdir / "keys"

    kids = key_files(keys_dir)

    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    for path in keys_dir.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path.name
    assert kids["saml"] == kids["saml-cert"]
    manifest = (keys_dir / "keyset.json").read_text()
    json.loads(manifest)
    for kid in kids.values():
        assert kid in manifest, f"kid {kid} not in keyset.json"


def test_keys_are_what_their_names_say(pforte_server):
    keys_dir = pforte_server().workdir / "keys"
    kids = key_files(keys_dir)

    es256 = keys_dir / f"oidc-es256-{kids['oidc-es256']}.key.pem"
    rs256 = keys_dir / f"oidc-rs256-{kids['oidc-rs256']}.key.pem"
    saml_key = keys_dir / f"saml-{kids['saml']}.key.pem"
    saml_cert = keys_dir / f"saml-{kids['saml']}.cert.pem"

    assert "prime256v1" in openssl("pkey", "-noout", "-text", "-in", str(es256))
    rs256_text = openssl("pkey", "-noout", "-text", "-in", str(rs256))
    assert int(re.search(r"Private-Key: \((\d+) bit", rs256_text)[1]) >= 2048
    assert (openssl("pkey", "-pubout", "-in", str(saml_key))
            == openssl("x509", "-noout", "-pubkey", "-in", str(saml_cert)))


def test_kids_are_rfc7638_thumbprints(pforte_server):
    keys_dir = pforte_server().workdir / "keys"

    for purpose, kid in key_files(keys_dir).items():
        if purpose != "saml-cert":
            assert thumbprint(keys_dir / f"{purpose}-{kid}.key.pem") == kid, purpose


def test_restart_keeps_the_keys(pforte_server):
    first = pforte_server()
    keys_dir = first.workdir / "keys"
    kids, files = key_files(keys_dir), digests(keys_dir)
    assert first.stop() == 0

    second = pforte_server(workdir=first.workdir)

    assert key_files(keys_dir) == kids
    assert digests(keys_dir) == files
    assert second.get("/healthz").status_code == 200


def test_keys_go_where_paths_keys_says(pforte_server):
    server = pforte_server({"paths": {"keys": "secrets"}})

    key_files(server.workdir / "secrets")
    assert not (server.workdir / "keys").exists()
