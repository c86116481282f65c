"""The OIDC code flow driven by a real relying-party library (Authlib) without a browser: form
login and consent with a requests session, code, token, ID token validated against /jwks,
userinfo, refresh with rotation, revocation, introspection, RP-initiated and back-channel
logout — for confidential clients (client_secret_basic, client_secret_post, private_key_jwt)
and a public PKCE client."""

from __future__ import annotations

from oidc_support import ClientSpec, authorize, code_flow, start_provider


def test_confidential_client_secret_basic_full_code_flow(pforte, pforte_server, backend, tmp_path):
    provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("basic")])
    flow, tokens = code_flow(provider, "basic", scope="openid profile email")
    assert flow.pages == ["login", "consent"]
    claims = provider.validate_id_token("basic", tokens["id_token"], nonce=flow.nonce)
    assert claims["acr"] == "http://eidas.europa.eu/LoA/low"
    userinfo = provider.oauth("basic", token=tokens).get(provider.metadata["userinfo_endpoint"])
    assert userinfo.status_code == 200, userinfo.text
    assert userinfo.json()["sub"] == claims["sub"]
    assert userinfo.json()["email"] == provider.email
