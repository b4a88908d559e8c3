"""Settings: defaults, YAML, environment; unknown keys and bad values name the key."""

from __future__ import annotations

import pytest

from moat import config
from moat.errors import ConfigError


def test_defaults() -> None:
    cfg = config.load(env={})
    assert cfg.db_path == "data/moat.duckdb"
    assert cfg.privacy_budget == 3.0 and cfg.source["db_path"] == "default"


def test_yaml_then_env_then_arguments(tmp_path) -> None:
    path = tmp_path / "moat.yaml"
    path.write_text("db_path: /srv/moat.duckdb\ntarget_margin: 0.4\n", encoding="utf-8")
    cfg = config.load(path, env={"MOAT_TARGET_MARGIN": "0.35"})
    assert cfg.db_path == "/srv/moat.duckdb" and cfg.target_margin == 0.35
    assert cfg.source["target_margin"] == "env MOAT_TARGET_MARGIN"
    assert config.load(path, env={}, db_path="x.duckdb").db_path == "x.duckdb"


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ({"yaml": "db_pth: x\n"}, "db_pth"),
        ({"yaml": "target_margin: 3\n"}, "target_margin"),
        ({"env": {"MOAT_PRIVACY_BUDGET": "-1"}}, "privacy_budget"),
        ({"env": {"MOAT_LOG_LEVEL": "loud"}}, "log_level"),
        ({"env": {"MOAT_DBPATH": "x"}}, "MOAT_DBPATH"),
    ],
)
def test_unknown_keys_and_bad_values_name_the_key(tmp_path, source, key) -> None:
    path = None
    if "yaml" in source:
        path = tmp_path / "moat.yaml"
        path.write_text(source["yaml"], encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path, env=source.get("env", {}))
    assert err.value.key == key and key in str(err.value)


def test_every_setting_is_documented_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in config.SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"settings missing from README: {missing}"
