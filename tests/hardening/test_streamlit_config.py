"""The shipped `.streamlit/config.toml` is hardened, and `moat doctor`'s check notices when it is not."""

from __future__ import annotations

import tomllib
from pathlib import Path

from moat.admin.system import streamlit_config_problems
from tests.conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def test_shipped_config_is_hardened() -> None:
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    server, browser, client = data["server"], data.get("browser", {}), data.get("client", {})
    assert server["enableXsrfProtection"] is True  # forms and uploads need the XSRF token
    assert server["headless"] is True  # never tries to open a browser on a server
    assert isinstance(server["maxUploadSize"], int) and 1 <= server["maxUploadSize"] <= 1024  # MB: bounded uploads
    assert server.get("enableCORS", True) is True  # CORS protection stays on (the default)
    assert browser["gatherUsageStats"] is False  # nothing leaves the machine
    assert client.get("showErrorDetails") in (False, "none")  # no tracebacks shown to users
    assert streamlit_config_problems(CONFIG) == []


def test_weakened_config_is_reported(tmp_path: Path) -> None:
    weak = tmp_path / "config.toml"
    weak.write_text(
        "[server]\nheadless = false\nenableXsrfProtection = false\nmaxUploadSize = 100000\n"
        "[browser]\ngatherUsageStats = true\n[client]\nshowErrorDetails = true\n",
        encoding="utf-8",
    )
    problems = " ".join(streamlit_config_problems(weak))
    for key in ("headless", "enableXsrfProtection", "maxUploadSize", "gatherUsageStats", "showErrorDetails"):
        assert key in problems
    assert streamlit_config_problems(tmp_path / "missing.toml") == [f"{tmp_path / 'missing.toml'} is missing (run `streamlit run` from the project folder that holds it)"]
