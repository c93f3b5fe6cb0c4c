"""The parse cache and the parts of the client that need no server."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest

from kg.errors import ParserUnavailable
from kg.nlp import cache as cache_module
from kg.nlp.cache import ParseCache, cache_key
from kg.nlp.client import CoreNLPClient, to_python_offsets
from tests.neo4j_fixture import free_port

VERSION = "corenlp-4.5.10:tokenize,ssplit:0123456789ab"
DEFAULT = "tokenize,ssplit,pos,lemma,depparse"


def _document(words: int) -> dict[str, Any]:
    """A document shaped like CoreNLP's JSON (tokens and three dependency lists)."""
    tokens = [
        {
            "index": i + 1,
            "word": f"word{i}",
            "originalText": f"word{i}",
            "lemma": f"word{i}",
            "characterOffsetBegin": 6 * i,
            "characterOffsetEnd": 6 * i + 5,
            "pos": "NN",
            "before": " ",
            "after": " ",
        }
        for i in range(words)
    ]
    deps = [
        {"dep": "dep", "governor": i, "governorGloss": f"w{i}", "dependent": i + 1}
        for i in range(words)
    ]
    sentence = {
        "index": 0,
        "basicDependencies": deps,
        "enhancedDependencies": deps,
        "enhancedPlusPlusDependencies": deps,
        "tokens": tokens,
    }
    return {"sentences": [sentence]}


def test_round_trip_and_keys(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    doc = _document(50)
    assert cache.get("Some text.", VERSION) is None
    path = cache.put("Some text.", VERSION, doc)
    assert path.parent.parent == tmp_path and path.name.endswith(".json.z")
    assert path.stat().st_size < len(str(doc)) / 4  # compressed
    assert cache.get("Some text.", VERSION) == doc
    assert ("Some text.", VERSION) in cache
    # Another text or another parser version is another entry.
    assert cache.get("Some text. ", VERSION) is None
    assert cache.get("Some text.", VERSION.replace("ssplit", "ssplit,pos")) is None
    assert cache_key("a", "b") != cache_key("ab", "")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    path = cache.put("Text.", VERSION, _document(3))
    path.write_bytes(path.read_bytes()[:20])
    assert cache.get("Text.", VERSION) is None
    path.write_bytes(cache_module.zlib.compress(b"[1, 2]"))
    assert cache.get("Text.", VERSION) is None
    cache.put("Text.", VERSION, _document(3))
    assert cache.get("Text.", VERSION) == _document(3)


def _writer(root: str, rounds: int) -> None:
    cache = ParseCache(Path(root))
    for i in range(rounds):
        cache.put("Shared text.", VERSION, _document(200 + i % 2))


def test_concurrent_writers_and_readers_see_whole_entries(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(str(tmp_path), 40)) for _ in range(3)]
    for w in writers:
        w.start()
    cache = ParseCache(tmp_path)
    whole = {200: _document(200), 201: _document(201)}
    while any(w.is_alive() for w in writers):
        doc = cache.get("Shared text.", VERSION)
        if doc is not None:
            assert doc == whole[len(doc["sentences"][0]["tokens"])]
    for w in writers:
        w.join()
        assert w.exitcode == 0
    assert cache.get("Shared text.", VERSION) is not None
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert len(leftovers) == 1, leftovers


def test_a_hit_is_cheap(tmp_path: Path) -> None:
    """A 2,000-word document: reading it back takes milliseconds (a parse takes about 1 s)."""
    cache = ParseCache(tmp_path)
    doc = _document(2000)
    cache.put("Long text.", VERSION, doc)
    best = min(_timed(lambda: cache.get("Long text.", VERSION)) for _ in range(5))
    assert best < 0.1, best


def _timed(func: Any) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def test_parser_version_names_version_annotators_and_properties() -> None:
    with CoreNLPClient("http://127.0.0.1:1") as client:
        default = client.parser_version()
        assert default.startswith("corenlp-4.5.10:tokenize,ssplit,pos,lemma,depparse:")
        assert client.parser_version({}) == default
        assert client.parser_version({"annotators": DEFAULT}) == default
        eol = client.parser_version({"ssplit.eolonly": "true"})
        assert eol != default and eol.split(":")[1] == "tokenize,ssplit,pos,lemma,depparse"
        ner = client.parser_version({"annotators": "tokenize,ssplit,pos,lemma,ner"})
        assert ner.split(":")[1] == "tokenize,ssplit,pos,lemma,ner"
        with pytest.raises(ValueError, match="outputFormat"):
            client.parse("Text.", {"outputFormat": "xml"})


def test_no_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with CoreNLPClient(url, cache=ParseCache(tmp_path), retries=1) as client:
        with pytest.raises(ParserUnavailable) as err:
            client.parse("Rebels captured the village on Monday.")
        with pytest.raises(ParserUnavailable):
            client.parse_many(["One.", "Two."])
    message = str(err.value)
    assert url in message and "kg nlp start" in message and "KG_NLP_URL" in message
    assert not list(tmp_path.rglob("*.json.z"))  # nothing cached


def test_offsets_move_from_utf16_units_to_python_indices() -> None:
    text = "a😀 b 😐😐 c"
    # CoreNLP's offsets for the tokens a, 😀, b, 😐, 😐, c (UTF-16 code units).
    units = [(0, 1), (1, 3), (4, 5), (6, 8), (8, 10), (11, 12)]
    doc = {
        "sentences": [
            {
                "tokens": [
                    {"characterOffsetBegin": b, "characterOffsetEnd": e, "index": i}
                    for i, (b, e) in enumerate(units)
                ],
                "entitymentions": [{"characterOffsetBegin": 11, "characterOffsetEnd": 12}],
            }
        ]
    }
    to_python_offsets(text, doc)
    tokens = doc["sentences"][0]["tokens"]
    spans = [text[t["characterOffsetBegin"] : t["characterOffsetEnd"]] for t in tokens]
    assert spans == ["a", "😀", "b", "😐", "😐", "c"]
    assert [t["index"] for t in tokens] == list(range(6))  # other numbers untouched
    mention = doc["sentences"][0]["entitymentions"][0]
    assert text[mention["characterOffsetBegin"] : mention["characterOffsetEnd"]] == "c"
