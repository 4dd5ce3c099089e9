#!/usr/bin/env python3
"""Seeds fuzz/corpus/TARGET/ from the shared test vectors (../shared next to the repository),
so every target starts from real inputs instead of empty bytes: EU DCC QR texts and their COSE
bytes, NZ passes' COSE bytes, signer certificates, DID documents, venue and event posters, rule
sets and request bodies. Files already there are kept; a seed's name is its SHA-256, so running
this twice adds nothing. Usage: seed_corpora.py SHARED_DIR CORPUS_DIR"""

import base64
import hashlib
import json
import pathlib
import sys


def add(corpus: pathlib.Path, target: str, data: bytes) -> None:
    directory = corpus / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha256(data).hexdigest()).write_bytes(data)


def base32_nopad(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def main(shared: pathlib.Path, repo: pathlib.Path, corpus: pathlib.Path) -> None:
    for case_file in sorted((shared / "certs/dcc").rglob("*.json")):
        case = json.loads(case_file.read_text())
        if case.get("PREFIX"):
            add(corpus, "hc1", case["PREFIX"].encode())
        if case.get("COSE"):
            cose = bytes.fromhex(case["COSE"])
            add(corpus, "hc1", cose)
        certificate = case.get("TESTCTX", {}).get("CERTIFICATE")
        if certificate:
            add(corpus, "signer_certificate", base64.b64decode(certificate))
            add(corpus, "signer_certificate", certificate.encode())
    for text_file in sorted((shared / "certs/nzcp").rglob("*.txt")):
        text = text_file.read_text().strip()
        if text.startswith("NZCP:/1/"):
            add(corpus, "nzcp", base32_nopad(text[len("NZCP:/1/"):]))
    add(corpus, "signer_certificate", (shared / "certs/nzcp/valid/did.json").read_bytes())
    vectors = json.loads((shared / "venueqr/vectors.json").read_text())
    for vector in vectors["valid"]:
        add(corpus, "cwa_poster", vector["url"].encode())
        if vector.get("payload_hex"):
            add(corpus, "cwa_poster", bytes.fromhex(vector["payload_hex"]))
        add(corpus, "poster_text", vector["url"].encode())
    for vector in vectors["invalid_urls"]:
        url = vector.get("url") if isinstance(vector, dict) else vector
        if url:
            add(corpus, "cwa_poster", url.encode())
    for rules in sorted((repo / "core/rules").glob("*.json")):
        add(corpus, "rule_set", rules.read_bytes())
    report = base64.urlsafe_b64encode(bytes(range(256)) * 60).rstrip(b"=")
    for body in [
        b'{"code": "ABCD-EFGH-JKMN", "reports": "' + report + b'"}',
        b'{"decision": "approve"}',
        b'{"change": 1}',
        b'{"type": "vaccination", "family_name": "Santoso", "dob": "1985-11-02", "dose": 1, "date": "2022-07-01"}',
        b"upload-12",
        b"000102030405060708090a0b0c0d0e0f",
    ]:
        add(corpus, "server_requests", body)
    for url in [b"https://healthpass.example", b"https://api.example.org:8443/v1/", b"http://127.0.0.1:8080",
                b"http://[::1]:9", b"http://localhost/", b"http://example.org", b"https://user@example.org"]:
        add(corpus, "server_url", url)


if __name__ == "__main__":
    shared_dir, corpus_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    main(shared_dir, pathlib.Path(__file__).resolve().parent.parent, corpus_dir)
