"""The reverse-proxy example in docs/deployment.md keeps what made it work when it was tried against the app."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
NGINX = re.search(r"```nginx\n(.*?)```", DOC, re.S).group(1)


def location(path: str) -> str:
    match = re.search(r"location " + re.escape(path) + r" \{(.*?)\n    \}", NGINX, re.S)
    assert match, path
    return match.group(1)


def test_security_headers_are_set_on_one_line_each() -> None:
    headers = dict(re.findall(r'add_header (\S+) "([^"]*)" always;', NGINX))
    for name in ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                 "Content-Security-Policy", "Permissions-Policy"):
        assert name in headers, name
    assert all("\n" not in value for value in headers.values())  # a line break in a header value empties responses
    assert headers["X-Frame-Options"] == "SAMEORIGIN"  # components are same-origin iframes
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'self'" and csp["object-src"] == "'none'"
    assert "http:" not in headers["Content-Security-Policy"] and "*" not in headers["Content-Security-Policy"]
    assert "add_header" not in "".join(location(p) for p in ("/_stcore/stream", "/_stcore/upload_file", "/static/", "/"))


def test_tls_and_websocket_and_upstream() -> None:
    assert "listen 443 ssl" in NGINX and "ssl_protocols       TLSv1.2 TLSv1.3;" in NGINX
    assert "return 301 https://$host$request_uri;" in NGINX
    stream = location("/_stcore/stream")
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $connection_upgrade;", "proxy_read_timeout 86400s;"):
        assert line in stream
    assert "server 127.0.0.1:8501;" in NGINX  # the app listens on loopback only


def test_rate_limits_use_the_peer_address_and_spare_static_files() -> None:
    zones = re.findall(r"limit_(?:req|conn)_zone\s+(\S+)", NGINX)
    assert zones and set(zones) == {"$binary_remote_addr"}  # never a client-supplied header
    directives = re.sub(r"#[^\n]*", "", NGINX)
    assert "X-Forwarded-For" not in directives and "real_ip_header" not in directives
    assert "limit_req zone=" in location("/") and "limit_req zone=moat_upload" in location("/_stcore/upload_file")
    assert "limit_conn" in location("/_stcore/stream")
    assert "limit_" not in location("/static/")  # limiting these blanked the page with 429s
    assert "limit_conn " not in NGINX.split("location")[0].split("server {")[-1]  # not server-wide (HTTP/2 streams count)


def test_upload_limit_matches_streamlit_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert f"client_max_body_size {config['server']['maxUploadSize']}m;" in NGINX


def test_the_threat_model_names_each_guarantee_and_its_limit() -> None:
    """Issue 18: docs/deployment.md says who can reach what and which guarantee holds against whom."""
    section = DOC.split("## Threat model", 1)[1].split("\n## ", 1)[0]
    for phrase in ("os:<login>", "MOAT_TOKEN", "0600", "audit.key", "audit-anchors/", "moat audit verify --expect",
                   "client-month", "viewers_see_client_rows", "cookie.key", "memory limit", "Not covered"):
        assert phrase in section, phrase
    from moat.config import SETTINGS

    names = {s.name for s in SETTINGS}
    assert {"operator_role", "file_group", "audit_key_file"} <= names  # the settings the section relies on exist
