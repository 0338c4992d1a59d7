"""``hmi label render|print`` and ``hmi printers``, as an integrator runs them."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from hmi.cli.main import main
from tests.labels.barcode_check import decode_pdf, decode_png, pdf_page_size_mm

DATA = ["--data", "lot=L2411-0009", "--data", "defect_code=DNT-01", "--data", "defect_name=찍힘 Dent",
        "--data", "qty=1", "--data", "time=09:30"]


def _config(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(f"""
[station]
id = "CLI-01"
name = "CLI test station"

[paths]
data_dir = "data"

[printers.files]
driver = "folder"
path = "{tmp_path / 'printed'}"

[printers.zebra]
driver = "zpl_tcp"
host = "127.0.0.1"
port = {port}
timeout_s = 0.5

[labels]
default_template = "defect_60x40"
default_printer = "files"
status_interval_s = 0
""", encoding="utf-8")
    return path


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_render_pdf_png_and_zpl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["label", "render", "defect_60x40", *DATA, "-o", str(tmp_path / "l.pdf")]) == 0
    pdf = (tmp_path / "l.pdf").read_bytes()
    assert [round(v) for v in pdf_page_size_mm(pdf)] == [60, 40]
    assert decode_pdf(pdf) == {"Code128": "L2411-0009", "DataMatrix": "L2411-0009/DNT-01"}
    assert main(["label", "render", "defect_60x40", *DATA, "--format", "png", "-o", str(tmp_path / "l.img")]) == 0
    assert decode_png((tmp_path / "l.img").read_bytes())["Code128"] == "L2411-0009"
    assert main(["label", "render", "defect_60x40", *DATA, "-o", str(tmp_path / "l.zpl")]) == 0
    assert (tmp_path / "l.zpl").read_text(encoding="utf-8").startswith("^XA")
    assert "wrote" in capsys.readouterr().out


def test_render_takes_the_readme_form_of_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--data k=v k2=v2 …` (one flag, many pairs) renders the same label as repeated --data."""
    pairs = [v for v in DATA if v != "--data"]
    assert main(["label", "render", "defect_60x40", "--data", *pairs, "-o", str(tmp_path / "one.zpl")]) == 0
    assert main(["label", "render", "defect_60x40", *DATA, "-o", str(tmp_path / "many.zpl")]) == 0
    assert (tmp_path / "one.zpl").read_bytes() == (tmp_path / "many.zpl").read_bytes()
    mixed = ["--data", *pairs[:2], "--data", *pairs[2:]]
    assert main(["label", "render", "defect_60x40", *mixed, "-o", str(tmp_path / "mixed.zpl")]) == 0
    assert (tmp_path / "mixed.zpl").read_bytes() == (tmp_path / "many.zpl").read_bytes()
    with pytest.raises(SystemExit, match="KEY=VALUE pairs, got 'oops'"):
        main(["label", "render", "defect_60x40", "--data", *pairs, "oops", "-o", str(tmp_path / "x.zpl")])


def test_render_reports_a_missing_value_or_unknown_template(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["label", "render", "defect_60x40", "--data", "lot=L1", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no value for {defect_code}, {defect_name}, {qty}, {time}" in capsys.readouterr().err
    assert main(["label", "render", "nope", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no label template named 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_print_through_the_folder_printer_and_list_printers(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, _closed_port())
    assert main(["label", "print", "defect_60x40", *DATA, "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "printed: job 1 handed to files" in out
    [printed] = list((tmp_path / "printed").glob("*.pdf"))
    assert decode_pdf(printed.read_bytes())["DataMatrix"] == "L2411-0009/DNT-01"

    assert main(["label", "print", "defect_60x40", *DATA, "--printer", "zebra", "--wait", "1",
                 "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "job 2 is still queued" in err and "not reachable" in err and "stays in the queue" in err

    assert main(["printers", "--config", str(config)]) == 0
    listing = capsys.readouterr().out
    assert "files (default)" in listing and "ready" in listing
    assert "zebra" in listing and "offline" in listing
    zebra_line = next(line for line in listing.splitlines() if line.startswith("zebra"))
    assert zebra_line.split()[2] == "1"  # the job that could not print is still queued
