"""Templates: shipped ones load; a bad one is refused naming the file and field; placeholders fill."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmi.labels.library import TemplateLibrary
from hmi.labels.template import LabelDataError, TemplateError, load_template, parse_template

GOOD = """
[label]
name = "t"
width_mm = 50
height_mm = 30
defaults = { reprint = "" }

[[text]]
x_mm = 1
y_mm = 1
w_mm = 40
h_mm = 8
text = "Lot {lot} {reprint}"
"""


def test_shipped_templates_load_and_declare_their_placeholders() -> None:
    library = TemplateLibrary(folders=[])
    assert {"defect_100x50", "defect_60x40"} <= set(library.names())
    big = library.load("defect_100x50")
    assert (big.label.width_mm, big.label.height_mm, big.label.dpi) == (100, 50, 203)
    assert {"lot", "defect_code", "defect_name", "qty", "reprint"} <= big.placeholders()
    assert {b.kind.value for b in big.barcode} == {"code128", "qr"}
    assert {b.kind.value for b in library.load("defect_60x40").barcode} == {"code128", "datamatrix"}


def test_a_station_folder_overrides_a_shipped_template(tmp_path: Path) -> None:
    (tmp_path / "defect_100x50.toml").write_text(GOOD, encoding="utf-8")
    library = TemplateLibrary(folders=[tmp_path])
    assert library.load("defect_100x50").label.name == "t"
    with pytest.raises(TemplateError, match="no label template named 'nope'"):
        library.load("nope")


@pytest.mark.parametrize(("change", "expected"), [
    (("width_mm = 50", "width_mm = -5"), r"label\.width_mm: expected a value greater than 0"),
    (("x_mm = 1", "x_mm = 1\ncolour = 'red'"), r"text\.0\.colour: unknown key"),
    (("w_mm = 40", "w_mm = 60"), r"text\[0\] reaches outside the 50x30 mm label"),
    (("{reprint}", ""), r"a reprinted label must be marked REPRINT"),
    (("Lot {lot}", "Lot {lot:>5}"), r"text\.0\.text: placeholder \{lot\} must be a plain name"),
    (("Lot {lot}", "Lot {lot"), r"text\.0\.text: .*brace"),
    (("[label]", "[label"), r"not valid TOML"),
])
def test_a_bad_template_names_the_file_and_the_field(tmp_path: Path, change: tuple[str, str],
                                                      expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(TemplateError, match=expected) as failure:
        load_template(path)
    assert str(path) in str(failure.value)


def test_placeholders_fill_with_defaults_and_a_missing_value_is_an_error() -> None:
    template = parse_template(GOOD, source="t.toml")
    assert template.fill("Lot {lot} {reprint}", {"lot": "L1"}) == "Lot L1 "
    with pytest.raises(LabelDataError, match=r"no value for \{lot\}"):
        template.fill("Lot {lot}", {})
