"""Design §6 against the real binary: after registration, activation, login and a profile
edit through the pages, neither the SQLite file (with its WAL) nor a dump of the PostgreSQL
database holds the person's name, birth date, address or secret answer in clear."""

from __future__ import annotations

import os
import subprocess

import pytest

from account_support import ACCEPTED_TERMS, PASSWORD, Outbox, csrf
# Digits alone are left out: PostgreSQL dumps bytea as hex, where any digit run may occur.
PERSONAL = ["Wilhelmine", "Zwiebelhuber", "Quittenweg", "Oberammergau", "19.03.1957", "1957-03-19",
            "Kanarienvogel", "Hansi"]



def fill_account(server) -> None:
    outbox = Outbox(server.workdir)
    form = server.get("/register")
    response = server.post("/register", data={
        "csrf_token": csrf(form.text), "givenNames": "Wilhelmine", "familyName": "Zwiebelhuber",
        "email": "w.z@example.de", "password": PASSWORD, "passwordRepeated": PASSWORD,
        "secretQuestion": "Wie hieß Ihr Kanarienvogel?", "secretAnswer": "Hansi", **ACCEPTED_TERMS,
    })
    assert 'data-page="registration-sent"' in response.text, response.text
    link = outbox.expect("w.z@example.de", "/activate", server.base_url).link(server.base_url, "/activate")
    page = server.get(link)
    token = link.split("token=")[1]
    assert 'data-page="activated"' in server.post("/activate", data={"csrf_token": csrf(page.text), "token": token}).text
    page = server.get("/login")
    assert server.post("/login", data={"csrf_token": csrf(page.text), "email": "w.z@example.de",
                                        "password": PASSWORD}).url.endswith("/account")
    page = server.get("/account/profile")
    response = server.post("/account/profile", data={
        "csrf_token": csrf(page.text), "academicTitle": "", "givenNames": "Wilhelmine", "familyName": "Zwiebelhuber",
        "birthDay": "19", "birthMonth": "3", "birthYear": "1957", "street": "Quittenweg", "houseNumber": "4a",
        "postalCode": "82487", "city": "Oberammergau", "countryCode": "DE",
    })
    assert "19.03.1957" in response.text and "Oberammergau" in response.text, "the profile page shows the data"
    assert server.session.cookies.get("pforte_session")


def stored_text(server, backend) -> str:
    if backend.name == "sqlite":
        files = sorted((server.workdir / "data").glob("pforte.sqlite*"))
        assert files, "no SQLite files"
        return b"".join(f.read_bytes() for f in files).decode("utf-8", errors="replace")
    dump = subprocess.run(["pg_dump", "--data-only", os.environ["PFORTE_TEST_POSTGRES_URL"]],
                          check=True, capture_output=True)
    return dump.stdout.decode("utf-8", errors="replace")


@pytest.mark.postgres
def test_the_database_holds_no_personal_data_in_clear(pforte_server, backend):
    server = pforte_server()
    fill_account(server)
    text = stored_text(server, backend).lower()
    assert "w.z@example.de" in text, "the search must see the stored rows (the login name is in clear)"
    for datum in PERSONAL:
        assert datum.lower() not in text, f"{datum!r} is stored in clear"
