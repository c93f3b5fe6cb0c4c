"""Publishers resolve to sources by id, name or alias; unknown ones become sources to review."""

from __future__ import annotations

from pathlib import Path

from loaders.articles.documents import Article, ArticleMeta
from loaders.articles.publishers import resolve_publishers
from loaders.reference import read_reference
from loaders.resources import SEEDS_DIR

REF = read_reference(SEEDS_DIR)


def test_known_publishers_resolve_by_id_and_by_name() -> None:
    afp = next(s for s in REF.sources if s.id == "afp")
    found = resolve_publishers(REF, ["afp", afp.name.upper(), f"{afp.name} (wire)"])
    assert set(found.ids.values()) == {"afp"} and found.added == [] and found.ref is REF


def test_an_unknown_publisher_is_added_once_for_review() -> None:
    found = resolve_publishers(REF, ["Qamishli Evening Post", "qamishli evening post", "afp"])
    assert found.ids["Qamishli Evening Post"] == "unreviewed-qamishli-evening-post"
    assert found.ids["qamishli evening post"] == "unreviewed-qamishli-evening-post"
    assert [s.id for s in found.added] == ["unreviewed-qamishli-evening-post"]
    assert "unreviewed-qamishli-evening-post" in {s.id for s in found.ref.sources}
    (node,) = found.batch("http://example.org/id/").nodes
    assert node.props["reviewNeeded"] is True and node.props["name"] == "Qamishli Evening Post"


def test_articles_carry_the_resolved_source_id() -> None:
    meta = ArticleMeta(publisher="Qamishli Evening Post")
    article = Article(Path("a.txt"), "Text.", meta, "0" * 64)
    found = resolve_publishers(REF, ["Qamishli Evening Post"])
    assert found.article(article).meta.publisher == "unreviewed-qamishli-evening-post"
    unchanged = Article(Path("b.txt"), "Text.", ArticleMeta(publisher="afp"), "0" * 64)
    assert resolve_publishers(REF, ["afp"]).article(unchanged) is unchanged
