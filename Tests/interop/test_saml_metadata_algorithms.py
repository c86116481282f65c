"""Pforte's metadata declares its algorithms (issue #15 item 9; SAML V2.0 Metadata Profile for
Algorithm Support), and pysaml2 — a real metadata consumer — still reads both documents: the
IdP's `/saml/metadata` and the federation SP's `/federation/metadata`."""

from __future__ import annotations

import pytest
import requests
from saml2.config import SPConfig
from saml2.extension import algsupport
from saml2.mdstore import MetadataStore
from saml2.md import EntityDescriptor, entity_descriptor_from_string

RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"


@pytest.fixture(scope="module")
def server(module_pforte_server):
    return module_pforte_server()


def declared(descriptor: EntityDescriptor) -> tuple[list[str], list[str]]:
    """(alg:DigestMethod, alg:SigningMethod) algorithms of the entity's Extensions."""
    digests, signing = [], []
    for element in descriptor.extensions.extension_elements:
        if element.namespace == algsupport.NAMESPACE and element.tag == "DigestMethod":
            digests.append(element.attributes["Algorithm"])
        if element.namespace == algsupport.NAMESPACE and element.tag == "SigningMethod":
            signing.append(element.attributes["Algorithm"])
    return digests, signing


def encryption_methods(role) -> list[str]:
    return [method.algorithm for key in role.key_descriptor if key.use == "encryption" for method in key.encryption_method]


@pytest.mark.parametrize("path, role", [("/saml/metadata", "idpsso_descriptor"),
                                        ("/federation/metadata", "spsso_descriptor")])
def test_pysaml2_reads_the_declared_algorithms(server, path, role):
    text = requests.get(server.base_url + path, timeout=10).text
    descriptor = entity_descriptor_from_string(text)
    digests, signing = declared(descriptor)
    assert digests == [SHA256] and signing == [RSA_SHA256]
    methods = encryption_methods(getattr(descriptor, role)[0])
    assert methods[0] == "http://www.w3.org/2009/xmlenc11#aes256-gcm"
    assert "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p" in methods
    assert "http://www.w3.org/2001/04/xmlenc#rsa-1_5" not in methods
    assert ("http://www.w3.org/2001/04/xmlenc#aes256-cbc" in methods) == (path == "/saml/metadata")

    store = MetadataStore(None, SPConfig())
    store.load("inline", text)
    entity_id = server.base_url + path
    assert store.certs(entity_id, role.replace("_descriptor", ""), "encryption")
