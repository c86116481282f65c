"""Design §6 against the real binary: after registration, activation, login and a profile
edit through the pages, neither the SQLite file (with its WAL) nor a dump of the PostgreSQL
database holds the person's name, birth date, address or secret answer in clear."""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
from pathlib import Path

import requests

PASSWORD = "Sommer2024!"
# Digits alone are left out: PostgreSQL dumps bytea as hex, where any digit run may occur.
PERSONAL = ["Wilhelmine", "Zwiebelhuber", "Quittenweg", "Oberammergau", "19.03.1957", "1957-03-19",
            "Kanarienvogel", "Hansi"]


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def newest_link(outbox: Path, path: str) -> str:
    for eml in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        body = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default).get_body().get_content()
        if match := re.search(re.escape(path) + r"\?token=([A-Za-z0-9_-]{43})", body):
            return match.group(1)
    raise AssertionError(f"no mail with a {path} link in {outbox}")


def fill_account(server) -> None:
    session: requests.Session = server.session
    form = server.get("/register")
    response = server.post("/register", data={
        "csrf_token": csrf(form.text), "givenNames": "Wilhelmine", "familyName": "Zwiebelhuber",
        "email": "w.z@example.de", "password": PASSWORD, "passwordRepeated": PASSWORD,
        "secretQuestion": "Wie hieß Ihr Kanarienvogel?", "secretAnswer": "Hansi",
    })
    assert 'data-page="registration-sent"' in response.text, response.text
    token = newest_link(server.workdir / "data" / "outbox", "/activate")
    page = server.get(f"/activate?token={token}")
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
    assert session.cookies.get("pforte_session")


def stored_text(server, backend) -> str:
    if backend.name == "sqlite":
        files = sorted((server.workdir / "data").glob("pforte.sqlite*"))
        assert files, "no SQLite files"
        return b"".join(f.read_bytes() for f in files).decode("utf-8", errors="replace")
    dump = subprocess.run(["pg_dump", "--data-only", os.environ["PFORTE_TEST_POSTGRES_URL"]],
                          check=True, capture_output=True)
    return dump.stdout.decode("utf-8", errors="replace")


def test_the_database_holds_no_personal_data_in_clear(pforte_server, backend):
    server = pforte_server()
    fill_account(server)
    text = stored_text(server, backend).lower()
    assert "w.z@example.de" in text, "the search must see the stored rows (the login name is in clear)"
    for datum in PERSONAL:
        assert datum.lower() not in text, f"{datum!r} is stored in clear"
