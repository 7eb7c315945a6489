"""Campaign settings: the shipped file is valid; a wrong value names its key."""

import datetime as dt
import tomllib

import pytest

from analytics.paths import SETTINGS_PATH
from analytics.settings import SettingsError, load_settings, parse_settings


def raw_settings() -> dict:
    return tomllib.loads(SETTINGS_PATH.read_text(encoding="utf-8"))


def test_shipped_settings_match_the_campaign():
    settings = load_settings()
    assert settings.province_code == "20"
    assert (settings.targets.stores_pct, settings.targets.accounts_pct, settings.targets.active_pct) == (50, 50, 10)
    assert settings.targets.team_members_min == 2
    assert settings.deadline == dt.time(17, 0)
    first, second = settings.phases
    assert set(first.districts) == {"Chi Lăng", "Hữu Lũng", "Tràng Định", "Bắc Sơn", "Văn Quan"}
    assert (first.start, first.end) == (dt.date(2021, 7, 20), dt.date(2021, 9, 20))
    assert len(second.districts) == 6
    assert (second.start, second.end) == (dt.date(2021, 9, 20), dt.date(2021, 12, 31))
    assert settings.max_file_mb == 20
    assert (settings.auth.max_failed_logins, settings.auth.lock_minutes) == (5, 15)


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (lambda r: r["campaigns"][0]["targets"].update(stores_pct=150), "campaigns[1].targets.stores_pct", "0–100"),
        (lambda r: r["campaigns"][0]["targets"].pop("active_pct"), "campaigns[1].targets.active_pct", "thiếu"),
        (lambda r: r["campaigns"][0]["reporting"].update(deadline="5pm"), "campaigns[1].reporting.deadline",
         "HH:MM"),
        (lambda r: r["campaigns"][0]["phases"][0].update(end=dt.date(2021, 7, 1)), "campaigns[1].phases[1].end",
         "sau ngày bắt đầu"),
        (lambda r: r["campaigns"][0]["phases"][1]["districts"].append("Chi Lăng"),
         "campaigns[1].phases[2].districts", "Chi Lăng"),
        (lambda r: r["import"].update(max_file_mb=-1), "import.max_file_mb", "lớn hơn 0"),
        (lambda r: r["campaigns"][0]["targets"].update(team_members_min="hai"),
         "campaigns[1].targets.team_members_min", "kiểu"),
        (lambda r: r["campaigns"][0].pop("phases"), "campaigns[1].phases", "giai đoạn"),
        (lambda r: r["campaigns"][1]["phases"][0].update(districts=["Chi Lăng"]), "campaigns[2].phases[1].districts",
         "không còn cấp huyện"),
        (lambda r: r["campaigns"][1].update(hierarchy="2019"), "campaigns[2].hierarchy", "2025-07"),
        (lambda r: r["campaigns"][1].update(id="2021"), "campaigns[2].id", "2021"),
        (lambda r: r["campaigns"][1].update(id="Chiến dịch"), "campaigns[2].id", "chữ thường"),
        (lambda r: r["auth"].update(lock_minutes=0), "auth.lock_minutes", "lớn hơn 0"),
        (lambda r: r["auth"].update(max_failed_logins="năm"), "auth.max_failed_logins", "kiểu"),
        (lambda r: r["auth"].pop("idle_minutes"), "auth.idle_minutes", "thiếu"),
    ],
)
def test_wrong_setting_names_the_key(mutate, key, words):
    raw = raw_settings()
    mutate(raw)
    with pytest.raises(SettingsError) as caught:
        parse_settings(raw)
    assert caught.value.key == key
    assert key in str(caught.value) and words in str(caught.value)


def test_a_file_without_campaigns_is_one_campaign_of_2021():
    raw = raw_settings()
    first = raw.pop("campaigns")[0]
    raw.update(targets=first["targets"], reporting=first["reporting"], phases=first["phases"])
    settings = parse_settings(raw)
    assert [c.id for c in settings.campaigns] == ["2021"]
    assert settings.campaign.hierarchy == "2021" and settings.phases == load_settings().phases


def test_each_campaign_has_its_own_targets_and_phases():
    settings = load_settings()
    assert [c.id for c in settings.campaigns] == ["2021", "2026"]
    today = settings.for_campaign("2026")
    assert today.campaign.name == "Chiến dịch 2026" and not today.has_districts
    assert today.targets.stores_pct == 60 and all(not p.districts and p.communes for p in today.phases)
    assert settings.for_campaign("2021").phases == settings.phases
    with pytest.raises(SettingsError, match="2030"):
        settings.for_campaign("2030")


def test_unknown_district_in_a_phase_stops_start_up(tmp_path):
    from analytics.db import open_database
    from analytics.reference import initialise

    raw = raw_settings()
    raw["campaigns"][0]["phases"][0]["districts"][0] = "Huyện Không Có"
    with pytest.raises(SettingsError) as caught:
        initialise(open_database(tmp_path / "x.duckdb"), parse_settings(raw))
    assert caught.value.key == "campaigns[1].phases[1].districts"
    assert "Huyện Không Có" in str(caught.value)


def test_broken_toml_is_reported_with_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[targets\nstores_pct = 50", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("value", [42, "Nguyễn Văn\nBình", "x" * 61])
def test_signer_name_is_one_plain_line(value):
    raw = raw_settings()
    raw["province"]["signer_name"] = value
    with pytest.raises(SettingsError) as caught:
        parse_settings(raw)
    assert caught.value.key == "province.signer_name"


def test_signer_name_defaults_to_a_line_to_write_it():
    raw = raw_settings()
    raw["province"].pop("signer_name", None)
    assert parse_settings(raw).signer_name == ""
    raw["province"]["signer_name"] = "  Nguyễn Văn Bình "
    assert parse_settings(raw).signer_name == "Nguyễn Văn Bình"
