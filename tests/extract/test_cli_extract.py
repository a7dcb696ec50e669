"""`lodpub extract`: what a user sees for good and bad seeds, and that data/ is never half-written."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import FIXTURES, ROOT, SEED

from lodpub.cli import main

SIDECAR = """[source]
received_as = "{name}"
url = "https://www.ft.dk/samling/20151/almdel/uui/spm/{number}/index.htm"
sha256 = "{sha}"

[question]
session = "20151"
committee = "UUI"
number = "{number}"
kind = "alm. del"
"""


def add_seed(root: Path, name: str, content: bytes, number: str = "896") -> Path:
    path = root / "seeds" / f"{name}.txt"
    path.write_bytes(content)
    sha = hashlib.sha256(content).hexdigest()
    path.with_suffix(".toml").write_text(SIDECAR.format(name=path.name, number=number, sha=sha), encoding="utf-8")
    return path


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_data_is_what_the_seeds_give(project):
    result = run(project.root, "extract", "--check")
    assert result.exit_code == 0, result.output
    assert "data/ is current" in result.output


def test_console_script_runs_outside_the_test_process():
    script = Path(sys.executable).with_name("lodpub")
    done = subprocess.run([script, "extract", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_extract_writes_one_turtle_file_per_seed(project_copy):
    (project_copy / "data" / "20151-uui-896.ttl").unlink()
    result = run(project_copy, "extract")
    assert result.exit_code == 0, result.output
    assert "6 operator response(s), 3 finding(s)" in result.output
    assert (project_copy / "data" / "20151-uui-896.ttl").read_bytes() == (ROOT / "data" / "20151-uui-896.ttl").read_bytes()


def test_check_fails_when_data_is_stale(project_copy):
    data = project_copy / "data" / "20151-uui-896.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace("Baby School", "Baby Skole"), encoding="utf-8")
    result = run(project_copy, "extract", "--check")
    assert result.exit_code == 1
    assert "stale: " in result.output and "20151-uui-896.ttl" in result.output


def test_check_fails_on_a_data_file_no_seed_makes(project_copy):
    (project_copy / "data" / "orphan.ttl").write_text("", encoding="utf-8")
    result = run(project_copy, "extract", "--check")
    assert result.exit_code == 1
    assert "orphan.ttl" in result.output


def test_extract_removes_a_data_file_whose_seed_is_gone(project_copy):
    (project_copy / "data" / "orphan.ttl").write_text("", encoding="utf-8")
    result = run(project_copy, "extract")
    assert result.exit_code == 0
    assert not (project_copy / "data" / "orphan.ttl").exists()


def test_an_answer_without_operator_responses_is_still_an_answer(project_copy):
    text = SEED.read_text(encoding="utf-8")
    start = text.index("Udlændingestyrelsen har til brug for besvarelsen bedt")
    end = text.index("Der foretages ikke systematiske")
    add_seed(project_copy, "20151-uui-897", text[:start].replace("nr. 896", "nr. 897") .encode() + text[end:].encode(), "897")
    result = run(project_copy, "extract")
    assert result.exit_code == 0, result.output
    assert "20151-uui-897.ttl: 0 operator response(s), 3 finding(s)" in result.output


BAD_SEEDS = [
    ("empty", b"", "the file is empty", None),
    ("binary", bytes(range(256)) * 8, "binary file", None),
    ("cp1252", SEED.read_text(encoding="utf-8").encode("cp1252", errors="replace"), "not UTF-8", 1),
    ("mojibake", SEED.read_bytes().decode("cp1252", errors="replace").encode("utf-8"), "the text is mojibake ('Ã¦')", 1),
    ("latin1", "Spørgsmål og svar om mødregrupper\n".encode("latin-1"), "not UTF-8", 1),
    ("lost-letters", re.sub("[æøåÆØÅ]", "", SEED.read_text(encoding="utf-8")).encode(),
     "the text has lost its letters æ, ø and å", None),
    ("not-an-answer", "Referat af mødet den 3. maj 2016.\n\nIntet at bemærke.\n".encode(), "does not read as a minister's answer", None),
    ("correction", "Berigtigelse af svar på spørgsmål nr. 7 (alm. del)\n\nUdvalget stillede den 10. oktober 2019 spørgsmål nr. 7.\n\nRigspolitiet har oplyst følgende:\n\n”Antallet var fire og ikke tre.”\n".encode(), "corrections are not read yet", 1),
    ("question-letter", "Udvalget udbeder sig ministerens besvarelse af følgende spørgsmål:\n\nSpørgsmål 88\n\nVil ministeren oplyse, hvorfor?\n".encode(), "not the minister's answer", None),
]


@pytest.mark.parametrize("name,content,message,line", BAD_SEEDS, ids=[b[0] for b in BAD_SEEDS])
def test_bad_seed_gets_one_clear_message_and_data_is_untouched(project_copy, name, content, message, line):
    add_seed(project_copy, name, content)
    before = snapshot(project_copy / "data")
    result = run(project_copy, "extract")
    assert result.exit_code == 1
    where = f"seeds/{name}.txt:{line}:" if line else f"seeds/{name}.txt:"
    assert where in result.output, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(project_copy / "data") == before


def test_a_seed_that_changed_since_its_sidecar_is_refused(project_copy):
    seed = project_copy / "seeds" / "20151-uui-896.txt"
    seed.write_bytes(seed.read_bytes().replace(b"1-3 gange", b"1-5 gange"))
    result = run(project_copy, "extract")
    assert result.exit_code == 1
    assert "seeds/20151-uui-896.txt: this seed has changed since its sidecar recorded it" in result.output


def test_a_seed_without_a_sidecar_is_refused(project_copy):
    (project_copy / "seeds" / "stray.txt").write_bytes(SEED.read_bytes())
    result = run(project_copy, "extract")
    assert result.exit_code == 1
    assert "seeds/stray.txt: no sidecar stray.toml" in result.output


def test_a_sidecar_that_disagrees_with_the_text_is_refused(project_copy):
    add_seed(project_copy, "mixed-up", SEED.read_bytes(), number="123")
    result = run(project_copy, "extract")
    assert result.exit_code == 1
    assert "seeds/mixed-up.txt:6: the text and its sidecar disagree on the question: number '896' (sidecar: '123')" in result.output


def test_a_batch_writes_every_good_seed_and_names_every_refused_one_at_the_end(project_copy):
    (project_copy / "data" / "20151-uui-896.ttl").unlink()
    add_seed(project_copy, "empty", b"")
    add_seed(project_copy, "binary", b"\x00\x01\x02" * 100)
    result = run(project_copy, "extract")
    assert result.exit_code == 1
    tail = result.output.splitlines()[-3:]
    assert tail[0].startswith("Error: ") and "seeds/binary.txt: this is a binary file" in tail[0]
    assert tail[1].startswith("Error: ") and "seeds/empty.txt: the file is empty" in tail[1]
    assert tail[2] == "2 of 3 seed(s) refused and not written; the other 1 written."
    assert (project_copy / "data" / "20151-uui-896.ttl").read_bytes() == (ROOT / "data" / "20151-uui-896.ttl").read_bytes()
    assert not (project_copy / "data" / "empty.ttl").exists() and not (project_copy / "data" / "binary.ttl").exists()


def test_a_refused_seed_keeps_its_old_data_file(project_copy):
    seed = project_copy / "seeds" / "20151-uui-896.txt"
    seed.write_bytes(seed.read_bytes() + b"\n")  # no longer what its sidecar recorded
    before = (project_copy / "data" / "20151-uui-896.ttl").read_bytes()
    result = run(project_copy, "extract")
    assert result.exit_code == 1
    assert (project_copy / "data" / "20151-uui-896.ttl").read_bytes() == before


def test_a_cut_off_text_is_read_for_its_complete_sentences_and_marked_incomplete(project_copy):
    add_seed(project_copy, "truncated", SEED.read_bytes()[:2300])
    result = run(project_copy, "extract")
    assert result.exit_code == 0, result.output
    assert "seeds/truncated.txt:89: the answer seems cut off" in result.output
    data = (project_copy / "data" / "truncated.ttl").read_text(encoding="utf-8")
    assert "ftv:textComplete false" in data
    # The cut sentence ("Vesthimmerland Kommune har oplyst, at der i videst muli") gives no fact.
    assert "vesthimmerland" not in data
    assert "response:20151-uui-896-toender-kommune" in data


def test_strict_refuses_a_seed_read_with_warnings(project_copy):
    add_seed(project_copy, "truncated", SEED.read_bytes()[:2300])
    result = run(project_copy, "extract", "--strict")
    assert result.exit_code == 1
    assert "seeds/truncated.txt: refused with --strict" in result.output
    assert not (project_copy / "data" / "truncated.ttl").exists()


def test_extraction_is_byte_identical_whatever_the_hash_seed(project_copy):
    outputs = []
    for hash_seed in ("1", "2"):
        target = project_copy / "data" / "20151-uui-896.ttl"
        target.unlink()
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        script = Path(sys.executable).with_name("lodpub")
        subprocess.run([script, "-C", project_copy, "extract"], check=True, env=env, capture_output=True)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_missing_settings_file_is_a_message_not_a_traceback(tmp_path):
    result = run(tmp_path, "extract")
    assert result.exit_code == 2
    assert "no lodpub.toml here" in result.output


def test_check_names_a_refused_seed_and_fails(project_copy):
    add_seed(project_copy, "empty", b"")
    result = run(project_copy, "extract", "--check")
    assert result.exit_code == 1
    assert "seeds/empty.txt: the file is empty" in result.output
    assert "1 of 2 seed(s) refused; the other 1 checked." in result.output


@pytest.mark.parametrize("check", [False, True])
def test_a_folder_named_like_a_seed_is_refused_with_a_message(project_copy, check):
    (project_copy / "seeds" / "folder.txt").mkdir()
    result = run(project_copy, "extract", *(["--check"] if check else []))
    assert result.exit_code == 1
    assert "seeds/folder.txt: cannot read this seed: Is a directory" in result.output
    assert "Traceback" not in result.output


def test_a_complete_answer_in_another_layout_is_read_not_refused(project_copy):
    """A real layout the seed does not show (a cover letter signed before the question)."""
    text = (FIXTURES / "answers" / "20191-reu-137.txt").read_bytes()
    path = add_seed(project_copy, "20191-reu-137", text, number="137")
    path.with_suffix(".toml").write_text(
        path.with_suffix(".toml").read_text(encoding="utf-8").replace('committee = "UUI"', 'committee = "REU"')
        .replace('session = "20151"', 'session = "20191"'),
        encoding="utf-8",
    )
    result = run(project_copy, "extract")
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    data = (project_copy / "data" / "20191-reu-137.ttl").read_text(encoding="utf-8")
    assert "person:niels-kragh" in data and "ftv:textComplete true" in data
