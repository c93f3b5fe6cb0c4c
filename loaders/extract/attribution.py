"""Who says so: the source a sentence attributes its statement to, with the relay chain and
the speaker's stance.

From the parse: *according to X* (``obl:according_to``); a speech verb's subject (*X said*,
*said X*, *X told Reuters*: the speaker X, relayed by Reuters); *X, citing Y* (Y, relayed by
X); *the Associated Press reports* around a sentence that already names the speaker (a relay);
*he said* (the previous attribution). A speaker is a source mention, an actor (the source that
speaks for it, through ``part_of``: *the YPG said* -> the SDF's statements), or a descriptive
source of the reference aliases (*a military source*, *activists*). Anonymous speakers
(*sources said*, *officials said*) name no one: the document default applies.

Stance: *X claimed responsibility (for)*, *X said it was responsible*, *X claimed to have
killed* -> ``claims``; *X denied* -> ``denies``; *X accused Y* -> ``accuses``. When nothing is
said, the document default applies: an agency the lead says it relays (*This was reported by
AFP*) or else the publisher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.claims import Stance
from loaders.extract.lexicon import ACCUSE_VERBS, DENIAL_VERBS, SPEECH_VERBS
from loaders.extract.roles import SUPPORT_VERBS
from loaders.extract.sentences import Mention
from loaders.extract.tree import Sent

SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})
GROUP_SPEAKERS = frozenset(
    {"alliance", "group", "militia", "organization", "organisation", "movement", "faction"}
)
"""*the alliance said*, *the group said in a statement*: the armed group named before speaks."""
STATEMENT_NOUNS = frozenset(
    {"statement", "report", "communique", "communiqué", "announcement", "release", "summary",
     "bulletin"}
)  # fmt: skip
"""*The statement added ...*: a definite statement noun speaks for the source last named."""
ISSUED = frozenset({"issue", "release", "publish", "put", "post", "carry", "circulate"})
"""*a statement issued by X*: the participle's agent made the statement."""
OWN_STAFF = frozenset({"correspondent", "reporter", "correspondents"})
SUBJECT_RELS = ("nsubj", "nsubj:pass")


@dataclass(frozen=True)
class Sources:
    """What attribution needs to know about the sources of the reference data."""

    anonymous: frozenset[str]
    """Source ids that name no one ('reliable sources', 'other reports')."""
    agencies: frozenset[str]
    speaks_for: dict[str, str]
    """Actor id -> the source speaking for it ('the SDF said' -> sdf-sources)."""
    part_of: dict[str, list[str]] = field(default_factory=dict)
    """Actor id -> the actors it belongs to (the YPG speaks through the SDF's sources)."""
    monitors: frozenset[str] = frozenset()
    """Monitoring groups: 'a monitor said' is the one the article names."""
    adjectives: dict[str, str] = field(default_factory=dict)
    """Descriptive and nationality adjectives -> actor ('a Kurdish commander': the SDF)."""


SPOKESPEOPLE = frozenset(
    {"commander", "spokesman", "spokeswoman", "spokesperson", "official", "officer", "leader",
     "source", "statement", "representative"}
)  # fmt: skip
"""Heads of a speaker phrase that speaks for the side its adjective names."""


MONITOR_WORDS = frozenset({"monitor", "watchdog"})
"""Heads of a description of a monitoring group (*a monitor*, *the monitoring group*)."""


def article_monitor(sents: list[Sent], src: Sources) -> str | None:
    """The monitoring group the article names (the first), for 'a monitor said'."""
    for s in sents:
        for w in s.words:
            if w.mention is not None and w.mention.source in src.monitors:
                return w.mention.source
    return None


@dataclass(frozen=True)
class Attribution:
    source: str
    relays: list[str] = field(default_factory=list)
    stance: Stance = "asserts"
    said_by_text: bool = True
    """False for the document default (the publisher, or the agency it relays)."""


def speaker_of(m: Mention | None, src: Sources) -> str | None:
    """The source a mention names, or the source speaking for the actor it names."""
    if m is None:
        return None
    if m.source:
        return m.source
    return speaking_for(m.actor, src)


def speaking_for(actor: str | None, src: Sources) -> str | None:
    """The source speaking for ``actor`` or for a group it belongs to."""
    seen: set[str] = set()
    while actor and actor not in seen:
        seen.add(actor)
        if actor in src.speaks_for:
            return src.speaks_for[actor]
        ups = src.part_of.get(actor) or []
        actor = ups[0] if ups else None
    return None


def _phrase_speaker(s: Sent, h: int, src: Sources) -> str | None:
    """The source named by the phrase headed at ``h`` (its head, then its modifiers:
    *SDF spokesman Talal Silo*, *the Kurdish YPG militia*, *Observatory head ...*)."""
    found = speaker_of(s.words[h].mention, src)
    if found:
        return found
    modifiers = (
        "compound", "amod", "nmod:poss", "nmod:of", "nmod:for", "nmod:by", "nmod:from", "appos",
        "flat",
    )  # fmt: skip
    for d in s.kids(h, *modifiers):
        found = speaker_of(s.words[d.dep].mention, src)
        if found:
            return found
    for d in s.kids(h, "compound", "appos", "nmod:of", "nmod:for", "nmod:by", "nmod:from"):
        if _backing(s.words[d.dep].lemma):
            continue  # 'US-Backed Militia Says': the militia speaks, not its backer
        for e in s.kids(d.dep, "compound", "amod", "nmod:of", "nmod:for"):
            found = speaker_of(s.words[e.dep].mention, src)
            if found:
                return found
    for d in s.kids(h, "acl"):  # 'a statement issued by X'
        if s.words[d.dep].lemma in ISSUED:
            for k in s.kids(d.dep, "obl:by", "obl:agent"):
                found = speaker_of(s.words[k.dep].mention, src)
                if found:
                    return found
    if s.words[h].lemma in SPOKESPEOPLE:  # 'a Kurdish commander', 'a regime official'
        for d in s.kids(h, "amod", "compound"):
            word = s.words[d.dep].text
            actor = src.adjectives.get(word) or src.adjectives.get(word.capitalize())
            found = speaking_for(actor, src)
            if found:
                return found
    return None


def _backing(lemma: str) -> bool:
    """*backed*, *US-backed*, *supported* (also when a headline's capitals make it a noun)."""
    tail = lemma.lower().rsplit("-", 1)[-1]
    return any(tail.removesuffix(end) in SUPPORT_VERBS for end in ("", "ed", "d"))


def _named(found: str | None, src: Sources) -> str | None:
    return found if found is not None and found not in src.anonymous else None


def _according_to(s: Sent) -> list[int]:
    """Heads of *according to X* phrases: by their relation, or by their case words when the
    parser gave the phrase another relation (*..., and according to X, Y seized P*, read as
    a conjunct)."""
    heads = [
        d.dep
        for w in s.words
        for d in s.kids(w.i, "obl:according_to", "nmod:according_to", "advcl:according_to")
    ]
    for w in s.words:
        if w.lower == "according" and w.i + 1 < len(s.words) and s.words[w.i + 1].lower == "to":
            heads += [d.gov for d in s.govs(w.i, "case") if d.gov >= 0 and d.gov not in heads]
    return heads


def attribute(
    s: Sent,
    src: Sources,
    publisher: str,
    previous: Attribution | None,
    people: dict[str, str] | None = None,
    monitor: str | None = None,
) -> Attribution | None:
    """The attribution a sentence states for its content, or None when it names none.
    ``people`` (kept across the document's sentences) maps the names of persons already
    introduced with their source ('SDF spokesman Talal Silo') to it, for 'Silo added';
    ``monitor`` is the monitoring group the article names, for 'a monitor said'."""
    people = {} if people is None else people
    _learn_people(s, src, people)
    for w in s.words:
        if w.lower in OWN_STAFF and any(s.words[d.dep].lower == "our" for d in s.kids(w.i)):
            return Attribution(publisher)
    for h in _according_to(s):
        found = _named(_phrase_speaker(s, h, src), src)
        if found is not None:
            return Attribution(found, _relays(s, found, src), _stance(s))
    for w in s.words:
        speech = w.lemma in SPEECH_VERBS and w.pos.startswith("VB")
        if not speech and not _denial_at(s, w.i):  # 'rejected reports that ...' speaks
            continue
        if any(s.words[d.gov].lemma not in SPEECH_VERBS for d in s.govs(w.i, "conj") if d.gov >= 0):
            continue  # 'IS captured P and declared it a province': a deed, not a source
        subjects = [d.dep for d in s.kids(w.i, *SUBJECT_RELS)]
        speaker = None
        if not subjects and w.i > 0:
            if w.lemma != "tell":  # 'told AFP': AFP is told, not telling
                subjects = [d.dep for d in s.kids(w.i, "obj", "dep", "xcomp") if d.dep > w.i]
            if not subjects:
                speaker = _speaker_before(s, w.i, src)
        pronoun = False
        for h in sorted(subjects, key=lambda k: abs(k - w.i)):  # the closest subject first
            speaker = speaker or _named(_phrase_speaker(s, h, src), src)
            speaker = speaker or people.get(s.words[h].text)  # 'Mansour added'
            if speaker is None and s.words[h].mention is None and _monitor_word(s, h):
                speaker = monitor  # 'a monitor said': the one the article names
            pronoun = pronoun or s.words[h].lower in SPEAKER_PRONOUNS
            definite = any(s.words[d.dep].lower in ("the", "this") for d in s.kids(h, "det"))
            # 'The statement added ...': the source last named
            pronoun = pronoun or (s.words[h].lemma in STATEMENT_NOUNS and definite)
            if speaker is None and definite and s.words[h].lemma in SPOKESPEOPLE:
                pronoun = True  # 'the commander said': the one the article introduced
            if speaker is None and definite and s.words[h].lemma in GROUP_SPEAKERS:
                speaker = _group_named_before(s, h, src)  # '..., the alliance said'
                pronoun = pronoun or speaker is None  # 'The militia added': the one before
        if speaker is None and not subjects and w.i > 0:  # '..., a military source said'
            speaker = _named(speaker_of(s.words[w.i - 1].mention, src), src)
        if w.lemma == "cite":
            continue
        cited = _cited(s, w.i, src)
        recipients = [
            r
            for d in s.kids(w.i, "obj", "iobj", "obl:to")
            if w.lemma in ("tell", "confirm", "say", "report")
            and (r := _named(_phrase_speaker(s, d.dep, src), src))
        ]
        if cited is not None:
            chain = [speaker] if speaker else []
            return Attribution(cited, chain + _relays(s, cited, src, chain), _stance(s))
        if speaker is not None:
            relays = [r for r in recipients if r != speaker]
            return Attribution(speaker, relays + _relays(s, speaker, src, relays), _stance(s))
        if pronoun and previous is not None:
            return Attribution(previous.source, previous.relays, _stance(s))
        if recipients and recipients[0] in src.agencies:
            continue  # 'sources told AFP': anonymous, the agency only relays
        if recipients:
            return Attribution(recipients[0], [], _stance(s))  # 'sources confirmed to SOHR'
    return None


def _group_named_before(s: Sent, h: int, src: Sources) -> str | None:
    """The source speaking for the side the reported clause is about: the actor its subject
    names (*IS fighters attacked an army post, the group said*: IS, not the army); with no
    reported clause, the closest actor named before ``h``. A subject that names no actor gives
    no one (another name in the clause is not what *the group* refers to)."""
    verbs = [d.gov for d in s.govs(h, "nsubj") if d.gov >= 0]
    reported = [k.dep for v in verbs for k in s.kids(v, "ccomp", "parataxis")]
    reported += [g.gov for v in verbs for g in s.govs(v, "parataxis", "ccomp") if g.gov >= 0]
    subjects = [k.dep for r in reported for k in s.kids(r, "nsubj", "nsubj:pass")]
    if subjects:
        candidates = [i for k in subjects for i in s.subtree(k)]
    else:
        candidates = list(range(h - 1, -1, -1))
    for k in candidates:
        m = s.words[k].mention
        if m is not None and m.actor and m.place is None:
            found = _named(speaking_for(m.actor, src), src)
            if found:
                return found
    return None


def _speaker_before(s: Sent, v: int, src: Sources) -> str | None:
    """A trailing attribution the parser left without a subject ('..., the Syrian Arab News
    Agency (SANA) said', '..., the head of the Observatory, told AFP'): the source named in the
    comma-delimited phrase just before the verb, or in the appositive before that one."""
    segment: list[int] = []
    commas = 0
    for k in range(v - 1, -1, -1):
        if s.words[k].text == ",":
            commas += 1
            if segment or commas > 1:
                break
            continue
        segment.append(k)
    else:
        return None  # no comma: the verb's own clause, not a trailing attribution
    for k in segment:
        found = _named(speaker_of(s.words[k].mention, src), src)
        if found:
            return found
    return None


def _monitor_word(s: Sent, h: int) -> bool:
    """*a monitor*, *the monitoring group*, *a war monitor*."""
    w = s.words[h]
    if w.lemma in MONITOR_WORDS:
        return True
    return any(
        s.words[d.dep].lemma in ("monitor", "monitoring") for d in s.kids(h, "amod", "compound")
    )


def _learn_people(s: Sent, src: Sources, people: dict[str, str]) -> None:
    """'SDF spokesman Talal Silo', 'Redur Xelil, the YPG spokesman': Silo, Xelil -> SDF."""
    for w in s.words:
        if w.mention is not None or not w.pos.startswith("NNP") or not w.text[:1].isupper():
            continue
        heads = [w.i, *(d.gov for d in s.govs(w.i, "compound", "flat") if d.gov >= 0)]
        for h in heads:
            found = _named(_phrase_speaker(s, h, src), src)
            if found is not None:
                people.setdefault(w.text, found)
                break


def _cited(s: Sent, v: int, src: Sources) -> str | None:
    """'X said, citing Y' / 'citing Y, X reported' / '..., X reported, citing Y': Y."""
    near = [d.dep for d in s.kids(v, "advcl", "xcomp", "conj", "dep")]
    near += [w.i for w in s.words if w.lemma == "cite" and w.pos.startswith("VB")]
    for c in near:
        if s.words[c].lemma == "cite":
            objects = [o.dep for o in s.kids(c, "obj")]
            objects += [g.gov for g in s.govs(c, "amod") if g.gov >= 0]  # misparsed 'citing X'
            for o in objects:
                found = _named(_phrase_speaker(s, o, src), src)
                if found:
                    return found
    return None


def _relays(s: Sent, speaker: str, src: Sources, already: list[str] | None = None) -> list[str]:
    """Agencies the sentence says report it (*..., the Associated Press reports*)."""
    out: list[str] = []
    for w in s.words:
        if w.lower == "reports" and not w.pos.startswith("VB"):  # '..., AP reports' as a noun
            for d in s.kids(w.i, "compound"):
                found = _phrase_speaker(s, d.dep, src)
                if found and found in src.agencies and found != speaker and found not in out:
                    out.append(found)
        if w.lemma in ("report", "say") and w.pos.startswith("VB"):
            for d in s.kids(w.i, *SUBJECT_RELS):
                found = _phrase_speaker(s, d.dep, src)
                fresh = found not in out and found not in (already or [])
                if found and found in src.agencies and found != speaker and fresh:
                    out.append(found)
    return out


def unattributed_stance(s: Sent) -> Stance:
    """The stance of a sentence that names no known source: a denial stays one whoever made
    it (*the ministry dismissed reports that ...*); other stances need their speaker."""
    return "denies" if _stance(s) == "denies" else "asserts"


DENIED_NOUNS = frozenset(
    {"report", "claim", "allegation", "accusation", "news", "rumour", "rumor", "statement",
     "role", "responsibility", "involvement", "part", "participation", "link"}
)  # fmt: skip
"""What a denial verb rejects when it takes an object (*rejected reports that ...*)."""


def _denies(s: Sent) -> bool:
    """A denial verb with what it denies: a clause (*denied that its jets struck P*), a
    gerund (*denied carrying out the attack*) or a report (*dismissed reports that ...*);
    not *rejected a ceasefire*."""
    return any(_denial_at(s, w.i) for w in s.words)


def denied_words(s: Sent) -> set[int]:
    """Words inside what the sentence's denial verbs deny (their clause, gerund or report,
    with what they go on to say about it): an event told there is denied, one told in another
    clause of the sentence (*denied reports ... and struck P*) not."""
    out: set[int] = set()
    for w in s.words:
        if _denial_at(s, w.i):
            denied = [d.dep for d in s.kids(w.i, "ccomp", "xcomp", "obj", "obl")]
            if not denied:  # '..., which the SDF denied': the sentence is what is denied
                return {x.i for x in s.words}
            for k in denied:
                out.update(s.subtree(k))
    return out


def _denial_at(s: Sent, i: int) -> bool:
    w = s.words[i]
    if w.lemma not in DENIAL_VERBS or not w.pos.startswith("VB"):
        return False
    if w.lemma == "deny":
        return True
    return (  # 'rejected reports that ...', not 'rejected a ceasefire'
        any(True for _ in s.kids(i, "ccomp", "xcomp"))
        or any(s.words[d.dep].lemma in DENIED_NOUNS for d in s.kids(i, "obj", "obl"))
        or any(s.words[d.dep].pos == "VBG" for d in s.kids(i, "obj"))
    )


def _stance(s: Sent) -> Stance:
    lemmas = {w.lemma for w in s.words}
    if _denies(s):
        return "denies"
    if lemmas & ACCUSE_VERBS:
        return "accuses"
    if "claim" in lemmas and ("responsibility" in lemmas or _claims_deed(s)):
        return "claims"
    if "responsible" in lemmas and "say" in lemmas:
        return "claims"
    return "asserts"


def _claims_deed(s: Sent) -> bool:
    """'X claimed to have killed ...', 'an attack claimed by X'."""
    for w in s.words:
        if w.lemma != "claim":
            continue
        if any(s.words[d.dep].pos.startswith("VB") for d in s.kids(w.i, "xcomp")):
            return True
        if any(True for _ in s.kids(w.i, "obl:agent", "obl:by")):
            return True
    return False


def document_default(lead: list[Sent], src: Sources, publisher: str) -> str:
    """An agency the first sentences say the article relays, else the publisher."""
    for s in lead:
        for k, w in enumerate(s.words):
            cue = w.lower in ("reported", "according", "source", "via", "by") or (
                w.text in ("-", "–", "—", "(") and k > 0 and s.words[k - 1].text.isupper()
            )
            if not cue:
                continue
            for nxt in s.words[k + 1 : k + 4]:
                found = nxt.mention.source if nxt.mention is not None else None
                if found is not None and found in src.agencies:
                    return found
    return publisher
