"""The in-process ceilings from `pforte benchmark` (one core, release build), turned into a
limit per workload for a server with `cores` cores."""
from __future__ import annotations

import subprocess
from pathlib import Path

# Operation label prefix in `pforte benchmark`'s output → key.
OPERATIONS = {
    "argon2id login": "argon2id",
    "ES256 sign": "es256",
    "RS256 sign": "rs256",
    "SAML assertion sign": "saml_sign",
    "SAML assertion parse": "saml_verify",
}


def measure(binary: Path, config: Path, cpus: str, iterations: int) -> dict[str, float]:
    """ops/s per operation on one core (pinned to the first server CPU)."""
    core = cpus.split(",")[0].split("-")[0]
    output = subprocess.run(["taskset", "-c", core, str(binary), "benchmark", "--iterations", str(iterations),
                             "--config", str(config)], capture_output=True, text=True, check=True, timeout=600).stdout
    rates = {}
    for line in output.splitlines():
        for prefix, key in OPERATIONS.items():
            if line.startswith(prefix):
                rates[key] = float(line.split()[-1])
    return rates


def per_workload(rates: dict[str, float], cores: int, alg: str = "RS256") -> dict[int, tuple[float | None, str]]:
    """(requests/s ceiling, what it is) for workloads 1–7: the cores divided by the crypto work
    of one counted request. `alg` signs ID tokens; Pforte's access tokens are always ES256.
    Password work runs on the cores PasswordWorkLimit grants: one fewer than the server has,
    at least one."""
    token = alg.lower()
    password_cores = max(1, cores - 1)

    def ceiling(*work: tuple[str, float]) -> float | None:
        """`work`: (operation, runs per counted request)."""
        if any(key not in rates for key, _ in work):
            return None
        return cores / sum(runs / rates[key] for key, runs in work)

    return {
        1: (password_cores * rates["argon2id"] if "argon2id" in rates else None,
            f"1 Argon2id run per login (verifier and wrapping key by HKDF) on the {password_cores} "
            f"core{'s' if password_cores > 1 else ''} PasswordWorkLimit grants"),
        2: (None, "no signature: store-bound"),
        3: (ceiling((token, 0.5), ("es256", 0.5)),
            f"1 {alg} ID token + 1 ES256 access token per code, i.e. per 2 counted requests, on {cores} cores"),
        4: (ceiling((token, 1), ("es256", 1)), f"1 {alg} ID token + 1 ES256 access token on {cores} cores"),
        5: (ceiling(("es256", 1)), f"1 ES256 access token on {cores} cores"),
        6: (ceiling(("saml_sign", 2)), f"2 RSA-3072 XML signatures (assertion and Response) on {cores} cores"),
        7: (None, "static documents: network-bound"),
    }
