"""The server's defaults on a network (.streamlit/config.toml): loopback only, no error details
for users, the importer's upload limit, XSRF protection on."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from analytics.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"


def server_config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_the_server_listens_on_loopback_and_hides_error_details():
    config = server_config()
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["toolbarMode"] == "viewer"  # no Deploy button or developer menu


def test_upload_limit_is_the_importers():
    assert server_config()["server"]["maxUploadSize"] == load_settings().max_file_mb


def test_streamlit_reads_the_file_and_a_flag_still_wins():
    """Streamlit itself, started from the project's folder, takes these values; an explicit
    `--server.address` (how a deployment listens elsewhere) overrides the file."""
    script = (
        "import json, streamlit.config as c\n"
        "c.get_config_options(force_reparse=True)\n"
        "keys = ['server.address', 'client.showErrorDetails', 'server.maxUploadSize', 'server.enableXsrfProtection', 'client.toolbarMode']\n"
        "seen = {k: c.get_option(k) for k in keys}\n"
        "c.get_config_options(force_reparse=True, options_from_flags={'server.address': '0.0.0.0'})\n"
        "seen['flag'] = c.get_option('server.address')\n"
        "print(json.dumps(seen))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen == {"server.address": "127.0.0.1", "client.showErrorDetails": "none",
                    "server.maxUploadSize": load_settings().max_file_mb, "server.enableXsrfProtection": True,
                    "client.toolbarMode": "viewer", "flag": "0.0.0.0"}
