"""Every environment variable the settings read is documented in the README table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_variable_is_documented():
    settings_source = (ROOT / "kring" / "settings.py").read_text()
    gelezen = set(re.findall(r'env(?:_bool|_int|_list)?\(\s*"([A-Z_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()
    ontbreekt = sorted(
        naam
        for naam in gelezen
        if f"`{naam}`" not in readme and f"`{naam}," not in readme and f" `{naam}`" not in readme
    )
    assert gelezen, "geen variabelen gevonden: klopt het patroon nog?"
    assert not ontbreekt, f"Niet in de README-tabel: {ontbreekt}"
