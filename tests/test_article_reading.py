"""Reading article files: ids that cannot collide, and refusals that name the real cause
(pure, no server)."""

from __future__ import annotations

import os
from pathlib import Path

from loaders.articles.documents import path_id, read_articles

TEXT = "Coalition aircraft struck Hajin, killing 12 civilians.\n"


def _ids(folder: Path) -> dict[str, str]:
    articles, failures = read_articles([folder], 5_000_000)
    assert failures == []
    return {a.source_path: a.doc_id for a in articles}


def test_files_with_one_name_in_different_folders_keep_distinct_ids(tmp_path: Path) -> None:
    names = ["2018/report.txt", "2019/report.txt", "2019/Report!.txt", "report.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TEXT + name, encoding="utf-8")
    ids = _ids(tmp_path)
    assert sorted(ids) == sorted(names)
    assert len(set(ids.values())) == 4
    assert ids["report.txt"] == "report"  # a path that is already an id stays as it is
    assert ids["2018/report.txt"].startswith("2018-report-")


def test_names_in_arabic_script_keep_stable_distinct_ids(tmp_path: Path) -> None:
    names = ["تقرير.txt", "خبر.txt", "خبر عاجل.txt"]
    for name in names:
        (tmp_path / name).write_text(TEXT + name, encoding="utf-8")
    ids = _ids(tmp_path)
    assert len(set(ids.values())) == 3
    assert all(i.startswith("doc-") for i in ids.values())
    assert ids == _ids(tmp_path)  # stable across reads
    assert path_id("تقرير.txt") == ids["تقرير.txt"]


def test_two_files_claiming_one_metadata_id_are_refused_naming_both(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT + name, encoding="utf-8")
        (tmp_path / f"{Path(name).stem}.meta.yaml").write_text("id: same\n", encoding="utf-8")
    articles, failures = read_articles([tmp_path], 5_000_000)
    assert [a.path.name for a in articles] == ["a.txt"]
    [failure] = failures
    assert failure.source == str(tmp_path / "b.txt")
    assert "'same'" in failure.reason and str(tmp_path / "a.txt") in failure.reason


def _refusal(tmp_path: Path, raw: bytes) -> str:
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    articles, failures = read_articles([path], 5_000_000)
    assert articles == [] and len(failures) == 1
    return failures[0].reason


def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    [article], failures = read_articles([path], 5_000_000)
    assert failures == [] and article.text == TEXT


def test_utf16_without_a_byte_order_mark_is_called_utf16(tmp_path: Path) -> None:
    reason = _refusal(tmp_path, TEXT.encode("utf-16-le"))
    assert "UTF-16" in reason and "binary" not in reason


def test_binary_data_is_still_called_binary(tmp_path: Path) -> None:
    assert "binary" in _refusal(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)


def test_a_bad_byte_is_reported_with_its_line_column_and_offset(tmp_path: Path) -> None:
    lines = [f"Line {i} of plain text." for i in range(1, 12)]
    raw = ("\n".join(lines) + "\nThe café").encode("utf-8").replace("é".encode(), b"\xe9")
    reason = _refusal(tmp_path, raw)
    offset = raw.index(b"\xe9")
    assert f"line 12, column 8 (byte offset {offset})" in reason
    assert "0xe9" in reason


def test_a_symbolic_link_loop_is_called_a_loop(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    articles, failures = read_articles([folder], 5_000_000)
    assert articles == []
    assert len(failures) == 1
    assert "symbolic link loop" in failures[0].reason
    assert "does not exist" not in failures[0].reason


def test_a_folder_linking_back_up_the_tree_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    articles, failures = read_articles([tmp_path], 5_000_000)
    assert [a.source_path for a in articles] == ["sub/a.txt"] and failures == []


def test_text_in_arabic_script_carries_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "ar.txt"
    path.write_text("قصفت طائرات التحالف بلدة هجين وقتلت اثني عشر مدنيا\n", encoding="utf-8")
    [article], _ = read_articles([path], 5_000_000)
    [warning] = article.warnings
    assert "no English text" in warning and "Arabic" in warning
    english = tmp_path / "en.txt"
    english.write_text(TEXT + "Local people named the village هجين.\n", encoding="utf-8")
    [article], _ = read_articles([english], 5_000_000)
    assert article.warnings == ()
