"""OIDC discovery and JWKS read by a real OIDC library (Authlib), as a relying party would."""

from __future__ import annotations

from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc.jwk import KeySet  # Authlib's own JOSE library, which replaces authlib.jose


def test_discovery_validates_and_its_jwks_parses_into_keys(pforte_server, pforte):
    server = pforte_server()
    response = server.get("/.well-known/openid-configuration")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"

    metadata = OpenIDProviderMetadata(response.json())
    metadata.validate()  # OIDC Discovery §3 and RFC 8414 §2, as Authlib checks them
    assert metadata["issuer"] == server.base_url, "the issuer is the public URL without a trailing slash"
    assert metadata["jwks_uri"] == server.base_url + "/jwks"
    assert metadata["subject_types_supported"] == ["pairwise"]

    jwks_response = server.session.get(metadata["jwks_uri"], timeout=10)
    assert jwks_response.status_code == 200
    assert jwks_response.headers["Cache-Control"] == "public, max-age=300"
    jwks = jwks_response.json()
    assert all(not {"d", "p", "q", "dp", "dq", "qi"} & key.keys() for key in jwks["keys"]), "public members only"
    key_set = KeySet.import_key_set(jwks)
    assert {key.kid for key in key_set.keys} == _oidc_kids(pforte, server.workdir)
    assert {key.alg for key in key_set.keys} == {"ES256", "RS256"}


def _oidc_kids(pforte, workdir) -> set[str]:
    """The key ids `pforte keys list` shows for the OIDC purposes of the server's key directory."""
    listed = pforte("keys", "list", cwd=workdir)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split() for line in listed.stdout.splitlines()]
    return {row[1] for row in rows if row and row[0].startswith("oidc-")}
