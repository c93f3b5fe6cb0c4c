"""Parses from the real CoreNLP server: dependencies, offsets, properties, the cache, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.errors import ParseFailed, ParserUnavailable
from kg.nlp.cache import ParseCache
from kg.nlp.client import CoreNLPClient
from tests import corenlp_fixture
from tests.neo4j_fixture import free_port

pytestmark = pytest.mark.nlp


def _relations(sentence: dict[str, Any], kind: str) -> set[tuple[str, str, str]]:
    return {(e["dep"], e["governorGloss"], e["dependentGloss"]) for e in sentence[kind]}


def test_parse_gives_universal_dependencies(nlp_client: CoreNLPClient) -> None:
    doc = nlp_client.parse("Rebels captured the village on Monday.")
    [sentence] = doc["sentences"]
    relations = _relations(sentence, "enhancedPlusPlusDependencies")
    assert ("nsubj", "captured", "Rebels") in relations
    assert ("obj", "captured", "village") in relations
    assert ("obl:on", "captured", "Monday") in relations
    assert ("obl", "captured", "Monday") in _relations(sentence, "basicDependencies")
    captured = sentence["tokens"][1]
    assert (captured["word"], captured["lemma"], captured["pos"]) == ("captured", "capture", "VBD")


def test_offsets_slice_the_text_sent(nlp_client: CoreNLPClient) -> None:
    # An emoji (outside the BMP: two UTF-16 units for CoreNLP, one character for Python) and
    # accented letters before the words whose offsets are checked.
    text = "Fighters 🚩 entered the town of Ṣāliḥiyya.\n\nThe army withdrew 😐 to Deir ez-Zor."
    doc = nlp_client.parse(text)
    tokens = [t for s in doc["sentences"] for t in s["tokens"]]
    assert len(doc["sentences"]) == 2
    for token in tokens:
        begin, end = token["characterOffsetBegin"], token["characterOffsetEnd"]
        assert text[begin:end] == token["originalText"], token
    assert "Deir" in {t["word"] for t in tokens}


def test_extra_properties_change_the_parse_and_its_version(nlp_client: CoreNLPClient) -> None:
    text = "Rebels shelled the airport\nThe army withdrew from the base"
    default = nlp_client.parse(text)
    by_line = nlp_client.parse(text, {"ssplit.eolonly": "true"})
    assert len(default["sentences"]) == 1
    assert len(by_line["sentences"]) == 2
    assert nlp_client.parser_version() != nlp_client.parser_version({"ssplit.eolonly": "true"})


def test_parse_many_keeps_the_order(nlp_client: CoreNLPClient) -> None:
    texts = [
        "The convoy reached Raqqa.",
        "Militants ambushed a patrol near the dam.",
        "The convoy reached Raqqa.",
        "Two soldiers were wounded.",
    ]
    docs = nlp_client.parse_many(texts)
    assert [d["sentences"][0]["tokens"][0]["word"] for d in docs] == [
        "The",
        "Militants",
        "The",
        "Two",
    ]
    assert docs[1] == nlp_client.parse(texts[1])


def test_a_cache_hit_never_contacts_the_server(nlp_settings: Settings, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "parses")
    text = "Government forces recaptured the hill after a long battle."
    with CoreNLPClient(nlp_settings.nlp_server_url, cache=cache) as live:
        first = live.parse(text)
        version = live.parser_version()
    assert (text, version) in cache
    nowhere = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with CoreNLPClient(nowhere, cache=cache, retries=0) as offline:
        assert offline.parse(text) == first
        assert offline.parse_many([text, text]) == [first, first]
        with pytest.raises(ParserUnavailable):
            offline.parse("A sentence that was never parsed.")


def test_a_text_too_long_for_the_server_is_a_clear_error(nlp_client: CoreNLPClient) -> None:
    with pytest.raises(ParseFailed, match="too long"):
        nlp_client.parse("Rebels attacked. " * 7000)  # 119,000 characters; the limit is 100,000


def test_the_launched_server_listens_on_loopback_only(nlp_settings: Settings) -> None:
    if corenlp_fixture.EXTERNAL:
        pytest.skip("an external server is configured; the launcher is not used")
    addresses = listening_addresses(nlp_settings.nlp_port)
    assert addresses, "nothing listens on the server's port"
    assert addresses == {"127.0.0.1"}, addresses


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port``, read from /proc/net/tcp{,6}."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            found.add(_address(address, width))
    return found


def _address(hex_address: str, width: int) -> str:
    import ipaddress

    # The kernel prints each 32-bit word in host (little-endian) order.
    words = [hex_address[i : i + 8] for i in range(0, width, 8)]
    raw = b"".join(bytes.fromhex(w)[::-1] for w in words)
    ip = ipaddress.ip_address(raw)
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is 127.0.0.1
    return str(mapped or ip)
