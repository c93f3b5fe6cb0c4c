"""Which actors a noun phrase of the parse stands for, and who did what to whom.

``Actors.of(s, h)`` reads the phrase headed by word ``h``:
- a gazetteer mention (masked to one word before parsing) is its actor;
- a force, weapon or site noun stands for the actor of its modifiers: *IS fighters*
  (compound), *Russian jets* (a nationality adjective of the reference data), *the army's
  artillery units* / *its positions* (possessive), *positions of the regime*, *fighters from
  the YPG* (of/from); the nationality nearest the head wins (*Syrian Kurdish militia*);
- coordination gives several actors (*the regime and allied militias*);
- victims with no actor named (*civilians, residents, villagers, a priest*) are civilians;
- pronouns and anaphoric phrases (*it, they, its, the group, the militants*) resolve to the
  last actor in subject position before them (this sentence, then earlier ones), else to the
  document's topic actor (its most mentioned one).

Supporting actors are never agents: *X-backed Y*, *Y backed by X*, *with the support of X*,
*supported by X airstrikes* name X as a supporter of Y.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from loaders.extract.lexicon import AIR_FORCE, CIVILIAN_NOUNS, FORCE_NOUNS, INSTRUMENTS
from loaders.extract.tree import Sent

QUANTITIES = frozenset(
    {"score", "dozen", "hundred", "thousand", "number", "handful", "lot", "tens", "total"}
)
"""'scores of terrorists', 'a number of soldiers': the counted phrase stands for its group."""
HOLDERS = FORCE_NOUNS | frozenset(INSTRUMENTS) | QUANTITIES
PRONOUNS = frozenset({"it", "they", "them", "its", "their", "he", "his", "him", "itself"})
AFFILIATED = frozenset({"affiliate", "affiliated", "link", "linked", "belong", "tie", "tied"})
"""*a cell affiliated with X*, *gunmen linked to X*: the phrase names a part of X."""
ANAPHORS = frozenset(
    {"group", "organization", "organisation", "militia", "movement", "faction", "militant",
     "jihadist", "terrorist", "extremist", "insurgent", "fighter", "mercenary"}
)  # fmt: skip
"""Heads that, definite and unmodified, refer back to an armed group named before."""


def singular(word: str) -> str:
    """'militias' -> 'militia', 'jihadists' -> 'jihadist': the form ``ANAPHORS`` lists."""
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


SOLDIERS = frozenset({"soldier", "troop", "troops", "serviceman", "servicemen", "conscript"})
"""Members of an army, with no army named (*killing three soldiers*)."""
SUPPORT_VERBS = frozenset({"back", "support", "assist", "help", "aid", "arm", "sponsor"})
SUPPORT_NOUNS = frozenset({"support", "backing", "help", "assistance", "cover", "aid"})
ACCOMPANY = frozenset({"accompany", "join", "reinforce"})
OWNERS = frozenset({"man", "hold", "run", "operate", "control", "guard", "staff", "belong"})
"""*a checkpoint manned by X*, *positions held by X*, *a base belonging to X*: a post stands
for whoever the participle names."""
PHRASE_RELS = ("compound", "amod", "nmod:poss", "nmod:of", "nmod:from", "nmod:in", "appos")
PERSONAL = frozenset(
    {"father", "mother", "son", "daughter", "brother", "sister", "wife", "husband", "family",
     "child", "children", "relative", "friend", "neighbour", "neighbor", "home", "house",
     "head", "body", "life", "name", "way", "fate", "salary", "resource"}
)  # fmt: skip
"""Heads whose possessor is not who they stand for ('his father' is no fighter of his)."""


@dataclass
class Resolver:
    """Per-document facts for resolving references: nationality adjectives, the topic,
    which actors are armed groups, and the running 'last subject'."""

    nationality: dict[str, str]
    topic: str | None
    groups: frozenset[str]
    civilians: str | None
    states: frozenset[str] = frozenset()
    """States and their forces: a nationality adjective overrides a generic mention of
    one ('Turkish Army' is not the Syrian army)."""
    source_actor: dict[str, str] = field(default_factory=dict)
    """Source id -> the actor it speaks for ('an SDF spokesman' stands for the SDF)."""
    army: str | None = None
    """Whom bare *soldiers* or *troops* stand for: the actor the reference data calls *the
    army*, unless the article last named another state's soldiers (``last_army``)."""
    called: dict[str, frozenset[str]] = field(default_factory=dict)
    """Descriptive nouns -> the actors the reference data calls by them alone (*the
    jihadists*, *the militants*: IS): what such an anaphor can refer to."""
    last_army: str | None = None
    last_subjects: list[str] = field(default_factory=list)
    last_targets: list[str] = field(default_factory=list)
    previous_actors: list[str] = field(default_factory=list)
    """Actors named in the previous sentence, in order."""
    last_group: str | None = None
    described: dict[str, str] = field(default_factory=dict)
    """Anaphoric noun -> the group the article last named with it (*ISIS mercenaries*, *SDF
    fighters*): what *the mercenaries*, *the fighters* refer back to first."""
    seen: set[str] = field(default_factory=set)
    """Actors named in the sentences read so far: what an anaphor can refer back to."""

    def nationality_of(self, word: str) -> str | None:
        return self.nationality.get(word) or self.nationality.get(word.capitalize())

    def of(
        self, s: Sent, h: int, depth: int = 0, anaphora: bool = True, role: str = "agent"
    ) -> list[str]:
        """Actor ids of the noun phrase headed by word ``h`` (see the module docstring);
        ``role`` (agent | target) is the role a pronoun stands in: 'they were killed' refers
        to the last victims, 'they attacked' to the last subject."""
        self._role = role
        out = self._head(s, h, depth, anaphora)
        for d in s.kids(h, "conj"):
            if d.dep != h:
                out += self._head(s, d.dep, depth, anaphora)
        return _unique(out)

    _role: str = "agent"
    exclude: frozenset[str] = frozenset()
    """Actors a possessive cannot refer to here (the attacker of 'an attack on their
    positions'); set by the caller around a resolution."""
    anaphoric: bool = False
    """Set when a victim was read from a pronoun or an ellipsis (the caller resets it)."""

    def _head(self, s: Sent, h: int, depth: int, anaphora: bool) -> list[str]:
        if depth > MAX_DEPTH:
            return []  # enhanced dependencies may form a cycle (relative clauses)
        w = s.words[h]
        m = w.mention
        if w.lemma == "life" and m is None:  # 'claiming the lives of three soldiers'
            for d in s.kids(h, "nmod:of"):
                return self._head(s, d.dep, depth, anaphora)
        nat = self._nationality_near(s, h)
        for d in s.kids(h, "acl"):  # 'the coalition, known as the SDF'
            if s.words[d.dep].lemma in ("know", "call", "name"):
                for k in s.kids(d.dep, "obl:as", "xcomp", "obl"):
                    named = self._head(s, k.dep, depth + 1, anaphora)
                    if named:
                        return named
        if m is None:  # 'a cell affiliated with IS', 'gunmen linked to X', 'a unit belonging to X'
            for d in s.kids(h, "acl", "amod"):
                if s.words[d.dep].lemma in AFFILIATED:
                    for k in s.kids(d.dep, "obl:with", "obl:to"):
                        named = self._head(s, k.dep, depth + 1, anaphora)
                        if named:
                            return named
        owned_by = [d.dep for d in s.kids(h, "acl")]
        # 'shelled positions held by X' misparsed with 'positions' the subject of 'held'
        owned_by += [d.gov for d in s.govs(h, "nsubj") if d.gov == h + 1]
        for v in owned_by:
            if s.words[v].lemma in OWNERS and w.lemma in HOLDERS and m is None:
                for k in s.kids(v, "obl:agent", "obl:by", "obl:to"):
                    owner = self._head(s, k.dep, depth + 1, anaphora)
                    if owner:
                        return owner
        if m is not None and m.actor is not None:
            if nat and m.actor in self.states and nat != m.actor:
                return [nat]
            if m.generic or m.text[:1].islower():
                # 'Jabhat al-Nusra terrorists', 'PKK/YPG terrorists': the name before a generic
                # noun wins (also inside the modifier's phrase)
                for d in s.kids(h, "compound", "amod"):
                    if d.dep >= h:
                        continue
                    for j in s.subtree(d.dep):
                        before = s.words[j].mention
                        if j < h and before is not None and before.actor and not before.generic:
                            return [before.actor]
            return [m.actor]
        if m is not None and m.source is not None and m.source in self.source_actor:
            return [self.source_actor[m.source]]
        if m is not None and m.place is not None and m.actor is None:
            return []
        if w.lower in FIRST_PERSON:
            return _first_person(s, h, self)
        if w.lemma in PRONOUNS:
            if anaphora:
                if self._role == "target" and depth == 0:
                    self.anaphoric = True
                return self._pronoun(s, h)
            return []
        own = self.nationality_of(w.text)
        modifier = w.pos.startswith("NN") and any(d.rel == "compound" for d in s.govs(h))
        if own is not None and (w.pos.startswith("JJ") or w.pos.startswith("NNP") or modifier):
            return [own]  # 'Russian jets', 'a government assault', 'a rebel attack'
        if nat is not None and (w.lemma in FORCE_NOUNS or w.lemma in AIR_FORCE or depth > 0):
            return self._nationalities(s, h)
        if depth >= 2:
            return []
        found: list[str] = []
        if w.pos in ("DT", "CD", "JJ", "PDT") and depth == 0:
            for d in s.kids(h, "amod", "conj", "compound", "nmod:of"):  # 'a civilian and ...'
                if d.dep != h:
                    found += self._head(s, d.dep, depth + 1, anaphora)
            if found:
                return found
            if w.pos == "CD" and anaphora and self._role == "target" and self.last_targets:
                self.anaphoric = True  # 'another 26 were executed': the same victims
                return list(self.last_targets)
        if w.lemma in HOLDERS or (w.pos.startswith("NN") and w.lemma not in PERSONAL):
            for d in s.kids(h, *PHRASE_RELS, "dep"):
                if d.dep == h or s.words[d.dep].pos in ("DT", "CD"):
                    continue
                if d.rel == "dep" and not _named_modifier(s, d.dep, h):
                    continue  # an unlabelled attachment counts only as a name before the noun
                if is_support_word(s, d.dep):
                    continue
                civilian = w.lemma in CIVILIAN_NOUNS and s.words[d.dep].mention is None
                if civilian and self.nationality_of(s.words[d.dep].text):
                    continue  # 'Syrian aid workers' are no side of the war
                if _lemma_tail(s.words[d.dep].lemma) == "lead":  # 'U.S.-led strikes'
                    for k in s.kids(d.dep, "obl", "dep", "compound", "obl:npmod", "nsubj"):
                        found += self._head(s, k.dep, depth + 1, anaphora)
                    continue
                if d.rel in ("nmod:of", "nmod:from", "nmod:in") and w.lemma not in HOLDERS:
                    continue
                if d.rel == "nmod:in" and not _is_body(s, d.dep):
                    continue
                found += self._head(s, d.dep, depth + 1, anaphora)
        if found:
            return found
        if w.lemma in CIVILIAN_NOUNS and self.civilians:
            return [self.civilians]
        if w.lemma in ("person", "people") and self.civilians and depth == 0:
            among = [s.words[d.dep].lemma for d in s.kids(h, "nmod:including", "nmod:among")]
            if any(x in CIVILIAN_NOUNS for x in among):
                return [self.civilians]  # 'N people, including children'
        army = self.last_army or self.army
        military = (
            w.lemma in FORCE_NOUNS
            and army in self.seen
            and any(s.words[d.dep].lower == "military" for d in s.kids(h, "amod", "compound"))
        )  # 'a military post' in an article about the army (an SDF area has its own posts)
        if (w.lemma in SOLDIERS or military) and army and army not in self.exclude:
            return [army]
        if depth == 0 and self._role == "target" and w.pos.startswith("NN"):
            return self.deep(s, h)
        if anaphora and w.lemma in ANAPHORS and _definite(s, h) and depth == 0:
            fits = self.called.get(w.lemma)  # 'the jihadists' are only those called so

            def fit(actor: str | None) -> bool:
                return actor is not None and (fits is None or actor in fits)

            earlier = [a for a in self._earlier_in_sentence(s, h, groups=True) if fit(a)]
            if earlier:
                return earlier[:1]
            # 'the militants', 'the jihadists' refer back to an armed group named before,
            # never to a state or a government the article happens to name most
            topic = self.topic if self.topic in self.groups & self.seen else None
            called_so = self.described.get(w.lemma)
            known = next((a for a in (called_so, self.last_group, topic) if fit(a)), None)
            return [known] if known else []
        return []

    def deep(self, s: Sent, h: int) -> list[str]:
        """Actors of force phrases inside the phrase of ``h`` (a misparsed subject: 'IS
        positions in A, B and C villages were bombed')."""
        for k in s.subtree(h):
            if k != h and s.words[k].lemma in FORCE_NOUNS and s.words[k].mention is None:
                found = self._head(s, k, 1, False)
                if found:
                    return found
        return []

    def _nationality_near(self, s: Sent, h: int) -> str | None:
        """The nationality adjective closest to ``h`` among its amod/compound modifiers."""
        found = self._nationalities(s, h)
        return found[-1] if found else None

    def _nationalities(self, s: Sent, h: int) -> list[str]:
        """Nationality adjectives of ``h``: all of a coordination ('Syrian and Russian
        jets'), else the closest of stacked ones ('Syrian Kurdish militia': Kurdish)."""
        found: list[tuple[int, str]] = []
        for d in s.kids(h, "amod", "compound"):
            actor = self.nationality_of(s.words[d.dep].text) or self._led_or_held(s, d.dep)
            if actor:
                found.append((d.dep, actor))
        found.sort()
        if len(found) > 1 and any(
            True for a, _ in found for _c in s.govs(a, "conj") if _c.gov in {b for b, _ in found}
        ):
            return list(dict.fromkeys(x for _, x in found))
        return [found[-1][1]] if found else []

    def _led_or_held(self, s: Sent, k: int) -> str | None:
        """'U.S.-led strikes', 'rebel-held areas': the actor before the hyphen of a
        participle modifier (read whole first: 'U.S.-led' is the coalition, not the US)."""
        w = s.words[k]
        if w.pos != "VBN" or w.lemma not in LED_OR_HELD:
            return None
        for d in s.kids(k, "obl", "compound", "nsubj", "obl:npmod"):
            if d.dep >= k:
                continue
            first = s.words[d.dep]
            whole = s.text[first.start - s.start : w.end - s.start]
            actor = self.nationality_of(whole) or self.nationality_of(first.text)
            if actor is None and first.mention is not None:
                actor = first.mention.actor
            if actor:
                return actor
        return None

    def _pronoun(self, s: Sent, h: int) -> list[str]:
        """'X said it had ...': the speaker; 'its'/'their': the closest actor named before
        in the sentence; a victim: the last victims; else the last subject, the topic."""
        speaker = _speaker_subject(s, h, self)
        if speaker:
            return speaker
        if s.words[h].lemma in ("its", "their") or s.words[h].pos == "PRP$":
            bound = self._clause_subject(s, h)
            if bound:
                return bound
            for k in range(h - 1, -1, -1):
                m = s.words[k].mention
                if m is None or not m.actor or m.actor == self.civilians or m.place is not None:
                    continue
                named = self._head(s, k, 1, False) or [m.actor]  # 'the Turkish army and its ...'
                if named[0] not in self.exclude:
                    return named[:1]
        if self._role == "target" and s.words[h].lemma in ("they", "it", "he", "them", "him"):
            for k in range(h - 1, -1, -1):  # 'paraded regime soldiers ... before executing them'
                if any(d.rel.startswith("nsubj") for d in s.govs(k)):
                    continue
                w = s.words[k]
                if w.lemma in FORCE_NOUNS or (w.mention is not None and w.mention.actor):
                    near = self._head(s, k, 1, False)
                    if near and any(d.rel in ("obj", "iobj") for d in s.govs(k)):
                        return near
        if self._role == "target" and self.previous_actors:
            return self.previous_actors[
                -1:
            ]  # 'the largest gathering of civilians. Hundreds of them'
        if self._role == "target" and self.last_targets:
            return list(self.last_targets)
        if self._role == "agent":
            earlier = self._earlier_in_sentence(s, h)
            if earlier:
                return earlier
        if self.last_subjects:
            return list(self.last_subjects)
        return [self.topic] if self.topic else []

    def _clause_subject(self, s: Sent, h: int) -> list[str]:
        """The subject of the clause whose object holds possessive ``h`` (*the SDF, backed by
        the coalition, launched its assault*: the SDF's), when it is named before ``h``."""
        owner = [d.gov for d in s.govs(h, "nmod:poss") if d.gov >= 0]
        verbs = [d.gov for o in owner for d in s.govs(o, "obj") if d.gov >= 0]
        for v in verbs:
            for d in s.kids(v, "nsubj"):
                if d.dep < h and s.words[d.dep].lemma not in PRONOUNS:
                    found = [a for a in self._head(s, d.dep, 1, False) if a not in self.exclude]
                    if found:
                        return found[:1]
        return []

    def _earlier_in_sentence(self, s: Sent, h: int, groups: bool = False) -> list[str]:
        """An antecedent in the same sentence: its subject first, else the closest actor
        named before ``h`` ('the base has been in the group's hands since 2014, when it
        took ...')."""
        subjects = [d.dep for k in range(h) for d in s.kids(k, "nsubj", "nsubj:pass") if d.dep < h]
        for k in [*reversed(subjects), *range(h - 1, -1, -1)]:
            if s.words[k].lemma in PRONOUNS:
                if k in subjects and s.words[k].lemma == s.words[h].lemma:
                    return self._pronoun(s, k)  # 'He was able to ..., that he managed to'
                continue
            found = [a for a in self._head(s, k, 1, False) if a != self.civilians]
            if groups:
                found = [a for a in found if a in self.groups]
            if found:
                return found
        return []

    def note_descriptions(self, s: Sent) -> None:
        """Groups named with an anaphoric noun: in one name (*ISIS mercenaries* read as one
        mention) or as the modifier of one (*IS militants*)."""
        for w in s.words:
            m = w.mention
            if m is None or not m.actor or m.actor not in self.groups:
                continue
            nouns = [singular(m.text.split()[-1].lower())]
            nouns += [s.words[d.gov].lemma for d in s.govs(w.i, "compound", "amod") if d.gov > w.i]
            for noun in nouns:
                if noun in ANAPHORS:
                    self.described[noun] = m.actor

    def note_armies(self, s: Sent) -> None:
        """*Turkish troops*, *Iraqi soldiers*: the state whose soldiers were named last."""
        for w in s.words:
            m = w.mention
            if (
                m is not None
                and m.actor in self.states
                and m.text.split()[-1].lower() in ("troops", "soldiers", "army")
            ):
                self.last_army = m.actor  # 'Turkish troops' read as one name
            elif w.lemma in SOLDIERS or w.lemma == "army":
                named = [a for a in self._nationalities(s, w.i) if a in self.states]
                if named:
                    self.last_army = named[-1]

    def note_event(self, attackers: list[str], targets: list[str]) -> None:
        """Victims of the event just read: what a pronoun victim refers to next."""
        if targets:
            self.last_targets = list(targets)

    def note_subjects(self, actors: Iterable[str], groups_only: bool = False) -> None:
        found = [a for a in actors if a != self.civilians]
        if found and not groups_only:
            self.last_subjects = found
        for a in found:
            if a in self.groups:
                self.last_group = a


SAY_VERBS = frozenset({"say", "claim", "announce", "report", "confirm", "add", "state", "tell"})


FIRST_PERSON = frozenset({"we", "our", "us", "ours"})
MAX_DEPTH = 6
"""Modifiers followed from a head noun before giving up (no phrase names an actor deeper)."""


LED_OR_HELD = frozenset({"lead", "hold", "control", "run", "occupy"})
"""Participles whose hyphenated actor stands for the noun they modify."""


def _first_person(s: Sent, h: int, res: Resolver) -> list[str]:
    """'"We killed 15 terrorists," an SDF spokesman said': the actor the speaker of the
    sentence speaks for (the subject of its speech verb), else no one. Not a speaker whose
    own phrase holds the pronoun ('our agency's correspondent reported'): that speaker is
    the pronoun's, and resolving it would come back here."""
    for v, w in enumerate(s.words):
        if w.lemma not in SAY_VERBS or v == h:
            continue
        for k in s.kids(v, "nsubj"):
            if h in s.subtree(k.dep):
                continue
            if s.words[k.dep].lower not in FIRST_PERSON:
                if s.words[k.dep].lemma in PRONOUNS:
                    continue
                found = res.of(s, k.dep, anaphora=False)
                if found:
                    return found
    return []


def _speaker_subject(s: Sent, h: int, res: Resolver) -> list[str]:
    """The subject of the speech verb whose reported clause has pronoun ``h`` as subject; not
    inside a quotation, where a third person is someone other than the speaker ('"They
    attacked our positions," a commander said')."""
    if _quoted(s, h):
        return []
    # 'X said its aircraft had struck ...': the possessive of the reported subject, too
    heads = [h, *(d.gov for d in s.govs(h, "nmod:poss") if d.gov >= 0)]
    for d in (d for k in heads for d in s.govs(k, "nsubj", "nsubj:pass", "nsubj:xsubj")):
        v = d.gov
        for _ in range(3):
            up = [g for g in s.govs(v, "ccomp", "xcomp", "conj", "parataxis") if g.gov >= 0]
            if not up:
                break
            v = up[0].gov
            if s.words[v].lemma in SAY_VERBS:
                for k in s.kids(v, "nsubj"):
                    if k.dep != h and s.words[k.dep].lemma not in PRONOUNS:
                        found = res.of(s, k.dep, anaphora=False)
                        if found:
                            return found
                break
    return []


def _is_body(s: Sent, i: int) -> bool:
    """'forces in the YPG' (membership) rather than 'fighters in Raqqa' (location)."""
    m = s.words[i].mention
    return m is not None and m.actor is not None and m.place is None


def _definite(s: Sent, h: int) -> bool:
    return any(s.words[d.dep].lemma in ("the", "this", "that") for d in s.kids(h, "det"))


def _unique(xs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(x for x in xs if x))


def _lemma_tail(lemma: str) -> str:
    return lemma.rsplit("-", 1)[-1]


def is_support_word(s: Sent, i: int) -> bool:
    """*backed*, *supported*, *US-backed*, *support* (of *with the support of*)."""
    w = s.words[i]
    tail = _lemma_tail(w.lemma)
    if w.pos.startswith("VB") or w.pos.startswith("JJ"):
        return tail in SUPPORT_VERBS
    return (
        w.pos.startswith("NN")
        and tail in SUPPORT_NOUNS
        and any(d.rel in ("case",) and s.words[d.dep].lemma == "with" for d in s.kids(i))
    )


SUPPORT_ARGS = ("obl", "obl:agent", "obl:by", "obl:with", "dep", "compound", "nmod:of",
                "obl:npmod", "nmod", "obj", "amod")  # fmt: skip
SUPPORT_ATTACH = ("amod", "acl", "advmod", "advcl", "compound", "obl:with", "nmod:with", "dep",
                  "conj", "csubj")  # fmt: skip


def companions(s: Sent, h: int, res: Resolver) -> list[str]:
    """'X forces accompanied by Turkish special forces': joint actors, not supporters."""
    out: list[str] = []
    verbs = [d.dep for d in s.kids(h, "acl", "amod", "advcl")]
    verbs += [d.gov for d in s.govs(h, "nsubj", "nsubj:pass") if d.gov >= 0]  # misparsed
    for v in verbs:
        if _lemma_tail(s.words[v].lemma) in ACCOMPANY:
            for k in s.kids(v, "obl:agent", "obl:by", "obl:with", "obj"):
                out += res.of(s, k.dep, anaphora=False)
    for v in [h, *verbs, *(d.gov for d in s.govs(h) if d.gov >= 0)]:
        for d in s.kids(v, "nmod:in", "obl:in", "nmod:with", "obl:with"):
            if s.words[d.dep].lemma in COOPERATION:  # 'in cooperation with X'
                for k in s.kids(d.dep, "nmod:with", "nmod:of"):
                    out += res.of(s, k.dep, anaphora=False)
    return _unique(out)


COOPERATION = frozenset({"cooperation", "coordination", "conjunction", "partnership", "alliance"})


def supporters(s: Sent, h: int, res: Resolver) -> tuple[list[str], set[int]]:
    """Actors named as backers of the phrase or clause headed by ``h``, and the words naming
    them: *X-backed Y*, *Y backed by X*, *Backed by X, Y ...*, *with the support of X*."""
    found: list[str] = []
    words: set[int] = set()
    support = [d.dep for d in s.kids(h, *SUPPORT_ATTACH) if d.rel != "conj"]
    support += [d.gov for d in s.govs(h, "nsubj", "nsubj:pass") if d.gov >= 0]  # misparsed
    for dep in support:
        if not is_support_word(s, dep):
            continue
        words.add(dep)
        for k in s.kids(dep, *SUPPORT_ARGS):
            if s.words[k.dep].pos in ("DT", "IN", "HYPH"):
                continue
            found += res.of(s, k.dep, anaphora=False)
            words.update(s.subtree(k.dep))
    return _unique(found), words


def _named_modifier(s: Sent, k: int, h: int) -> bool:
    """A name the parse attached with a bare ``dep`` just before the noun it modifies
    ('US-led coalition air strikes', the masked name mistagged): a modifier like a compound."""
    m = s.words[k].mention
    return (
        k < h
        and m is not None
        and m.actor is not None
        and all(s.words[j].pos.startswith(("NN", "JJ")) for j in range(k + 1, h))
    )


QUOTES = frozenset({'"', "“", "”", "``", "''"})


def _quoted(s: Sent, h: int) -> bool:
    """``h`` stands between an opening and a closing quotation mark."""
    return sum(1 for k in range(h) if s.words[k].text in QUOTES) % 2 == 1
