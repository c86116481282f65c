"""State-scale runs: the session table filled to 1 k, 10 k, 100 k live sessions by SQL (copies
of a real session row with fresh ids), then a session-bearing request measured."""
from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

COLUMNS = "account_id, sealed_payload, trust_level, amr, auth_time, created_at"


def seed_sqlite(database: Path, count: int) -> None:
    now = int(time.time())
    with sqlite3.connect(database) as connection:
        template = connection.execute("SELECT rowid FROM sessions LIMIT 1").fetchone()
        if template is None:
            raise RuntimeError("no session to copy: log in once first")
        connection.execute("DELETE FROM sessions WHERE rowid != ?", template)
        connection.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            f"INSERT INTO sessions (id_digest, {COLUMNS}, last_seen_at, expires_at, idle_timeout_seconds, idle_expires_at) "
            f"SELECT randomblob(32), {COLUMNS}, ?, ?, 1200, ? FROM n, (SELECT * FROM sessions WHERE rowid = ?)",
            (count - 1, now, now + 43200, now + 1200, template[0]))


def seed_postgres(url: str, count: int) -> None:
    now = int(time.time())
    sql = (
        "BEGIN;"
        "DELETE FROM sessions WHERE id_digest <> (SELECT id_digest FROM sessions LIMIT 1);"
        f"INSERT INTO sessions (id_digest, {COLUMNS}, last_seen_at, expires_at, idle_timeout_seconds, idle_expires_at) "
        f"SELECT decode(md5(random()::text || i::text) || md5(i::text || random()::text), 'hex'), {COLUMNS}, "
        f"{now}, {now + 43200}, 1200, {now + 1200} FROM generate_series(1, {count - 1}) AS i, "
        "(SELECT * FROM sessions LIMIT 1) AS t;"
        "COMMIT; ANALYZE sessions;"
    )
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True, text=True)
