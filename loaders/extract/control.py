"""Territorial control statements: who holds (or held) which places, from the parse.

Shapes, each with the controller and the held phrase read from the dependencies:
- compound adjectives: *the IS-held town of P*, *SDF-controlled areas in P*;
- participles: *P held by X*, *P, controlled by X*;
- *under X's control*, *under the control of X*, *areas under its control in P*, *P remains
  in X's hands*, *in the hands of X*, *X were in full control of P*;
- verbs with land as object: *X controls / holds / retains P*, *X maintains / regains /
  restores / remains in control of P*, and relative clauses (*the areas X controls include
  the towns of A, B and C*: the places of the sentence);
- *X's stronghold / capital / territory (in) P*, *P, a stronghold of X*;
- loss: *X withdrew from P*, *X was driven out of P*, *X lost P*: X formerly controlled P.

Negated statements are no claims; past ones (*once a stronghold of X*, *had controlled*)
give ``formerly_controlled``, never ``controls``. A held phrase that names no place but
refers back (*the area*, *the city*) takes the places of the sentences before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.claims import ControlClaim, ControlStatus, DateSpan
from loaders.extract import dates
from loaders.extract.document import Doc
from loaders.extract.lexicon import MODALS, NEGATIONS, SPEECH_VERBS, TERRITORY
from loaders.extract.places import PlaceBook, Places, select
from loaders.extract.roles import Resolver
from loaders.extract.tree import Sent

HOLD_VERBS = frozenset(
    {"control", "hold", "retain", "maintain", "keep", "occupy", "dominate", "run", "rule",
     "govern", "administer"}
)  # fmt: skip
RULE_VERBS = frozenset({"run", "rule", "govern", "administer"})
"""Hold verbs that also take what is not land (*runs a camp*, *runs checkpoints*): they hold a
place only when it is named as their object (*IS ruled Raqqa*, *Manbij is run by X*)."""
CONTROL_OF_VERBS = frozenset(
    {"maintain", "regain", "restore", "reestablish", "re-establish", "recover", "retain",
     "keep", "remain", "have", "be", "exercise", "consolidate", "tighten", "extend"}
)  # fmt: skip
HELD_ADJECTIVES = frozenset({"held", "controlled", "dominated", "occupied", "run", "ruled"})
STRONGHOLD_NOUNS = frozenset(
    {"stronghold", "capital", "bastion", "holding", "enclave", "territory", "bastions",
     "fiefdom", "heartland", "pocket"}
)  # fmt: skip
LOSS_VERBS = frozenset({"withdraw", "retreat", "flee", "pull"})
EXPEL_VERBS = frozenset({"drive", "expel", "oust", "push", "chase", "evict", "rout"})
PAST_CUES = frozenset({"once", "formerly", "previously", "former", "until"})
CAPTURED = frozenset({"capture", "seize", "recapture", "retake", "liberate", "overrun", "free"})
"""Verbs whose passive subject changed hands (*P was captured*)."""
ANAPHORIC_PLACES = frozenset({"area", "city", "town", "village", "province", "region", "base"})


@dataclass(frozen=True)
class Found:
    controller: list[str]
    held: list[int]
    """Words naming what is held."""
    status: ControlStatus
    words: list[int]
    """Words of the statement (its quote)."""
    how: str


def _adjective_control(s: Sent, res: Resolver) -> list[Found]:
    """'the IS-held town of P', 'SDF-controlled areas', 'P held by X'."""
    out: list[Found] = []
    for w in s.words:
        tail = w.lemma.rsplit("-", 1)[-1]
        if tail not in HELD_ADJECTIVES and w.lemma not in ("hold", "control"):
            continue
        if not (w.pos.startswith("VBN") or w.pos.startswith("JJ") or w.pos == "VBD"):
            continue
        nouns = [d.gov for d in s.govs(w.i, "amod", "acl") if d.gov >= 0]
        if not nouns and w.i >= 2 and s.words[w.i - 1].text == ",":
            nouns = _set_off_phrase(s, w.i)
        if not nouns:
            continue
        ctl: list[str] = []
        for d in s.kids(w.i, "obl:agent", "obl:by", "obl", "dep", "compound", "obl:npmod"):
            ctl += res.of(s, d.dep)
        if w.i >= 2 and s.words[w.i - 1].text in ("-", "–"):
            before = res.of(s, w.i - 2)
            described = res.nationality_of(s.words[w.i - 2].text)  # 'government-held'
            ctl += before or ([described] if described else [])
        if not ctl:
            continue
        for n in nouns:
            words = [n, *s.subtree(w.i), *s.subtree(n)]
            # 'P, a site then held by X': the place the described noun is in apposition to
            named = [d.gov for d in s.govs(n, "appos") if d.gov >= 0 and _land(s, d.gov)]
            out.append(Found(ctl, [n, *named], _status(s, w.i), [*words, *named], "adjective"))
    return out


def _under_control(s: Sent, res: Resolver) -> list[Found]:
    """'areas under its control in P', 'under the control of X', 'in the hands of X'."""
    out: list[Found] = []
    for w in s.words:
        if w.mention is not None and w.mention.actor and w.mention.place is None:
            for d in s.govs(w.i, "nmod:under", "obl:under"):  # 'the city of P under the regime'
                if d.gov < 0:
                    continue
                lands = [d.gov] if d.rel == "nmod:under" else [o.dep for o in s.kids(d.gov, "obj")]
                for h in lands:
                    if s.words[h].lemma in TERRITORY or _named(s, h):
                        out.append(Found([w.mention.actor], [h], "controls", [h, w.i], "under"))
        if w.lemma not in ("control", "hand", "grip", "rule"):
            continue
        cases = {s.words[d.dep].lemma for d in s.kids(w.i, "case")}
        if not cases & {"under", "in"}:
            continue
        ctl: list[str] = []
        for d in s.kids(w.i, "nmod:poss", "nmod:of", "compound", "amod"):
            ctl += res.of(s, d.dep)
        if not ctl:
            continue
        held = [d.gov for d in s.govs(w.i) if d.gov >= 0 and d.rel.startswith(("nmod", "obl"))]
        subj: list[int] = []
        for g in held:
            if s.words[g].pos.startswith("VB"):
                subj += [d.dep for d in s.kids(g, "nsubj", "nsubj:pass")]
                # 'fled areas under X's control': the phrase hangs on the verb, not the areas
                subj += [d.dep for d in s.kids(g, "obj") if _land(s, d.dep)]
        # 'P is under the control of X' (the control phrase is the predicate); 'under the
        # control of X in P'
        subj += [d.dep for d in s.kids(w.i, "nsubj", "nsubj:pass")]
        subj += [d.dep for d in s.kids(w.i, "nmod:in") if _named(s, d.dep)]
        targets = [h for h in held if not s.words[h].pos.startswith("VB")] + subj
        for h in list(targets):  # 'P, one of the villages in the hands of X'
            targets += [a.gov for a in s.govs(h, "appos") if a.gov >= 0]
            for d in s.govs(h, "nmod:of"):
                targets += [a.gov for a in s.govs(d.gov, "appos") if a.gov >= 0]
        if not targets:
            continue
        words = [w.i, *targets, *(k for t in targets for k in s.subtree(t, frozenset({w.i})))]
        out.append(Found(ctl, targets, _status(s, w.i), words, "under"))
    return out


def _verb_control(s: Sent, res: Resolver) -> list[Found]:
    """'X controls P', 'X maintains control of P', 'the areas X controls include ...'."""
    out: list[Found] = []
    for w in s.words:
        if w.lower == "controls" and w.pos == "NNS":  # 'the areas X controls include ...'
            ctl = [a for d in s.kids(w.i, "compound") for a in res.of(s, d.dep)]
            areas = [d.gov for d in s.govs(w.i, "dep", "acl:relcl") if d.gov >= 0]
            if ctl and areas:
                out.append(Found(ctl, areas, "controls", [w.i, *areas], "verb"))
            continue
        if not w.pos.startswith("VB"):
            continue
        held: list[int] = []
        if w.lemma in HOLD_VERBS and any(True for _ in s.kids(w.i, "nsubj:pass")):
            # 'the town of P is controlled by X'; 'most of P is controlled by X'
            subjects = _quantified([d.dep for d in s.kids(w.i, "nsubj:pass")], s)
            held = [h for h in subjects if _land(s, h)]
            ctl = [a for d in s.kids(w.i, "obl:agent", "obl:by") for a in res.of(s, d.dep)]
            if held and ctl and _factual(s, w.i):  # 'the town of P is controlled by X'
                words = [w.i, *(k for h in held for k in s.subtree(h))]
                out.append(Found(ctl, held, _status(s, w.i), words, "passive"))
            continue
        control_obj = [d.dep for d in s.kids(w.i, "obj") if s.words[d.dep].lemma == "control"]
        if w.lemma in HOLD_VERBS and control_obj and w.lemma in CONTROL_OF_VERBS:
            # 'maintains control over P' (the place hung on the noun or on the verb)
            held = [k.dep for c in control_obj for k in s.kids(c, "nmod:of", "nmod:over")]
            held += [d.dep for d in s.kids(w.i, "obl:over", "obl:of") if _land(s, d.dep)]
        elif w.lemma in HOLD_VERBS:
            held = _quantified([d.dep for d in s.kids(w.i, "obj")], s)
            if w.lemma in RULE_VERBS:
                held = [h for h in held if _named(s, h)]
            rel = [d.gov for d in s.govs(w.i, "acl:relcl", "acl") if d.gov >= 0]
            held += [r for r in rel if s.words[r].lemma in TERRITORY]
            if w.lemma != "control" and not any(_land(s, h) for h in held):
                continue
        elif w.lemma in CONTROL_OF_VERBS:
            for d in s.kids(w.i, "obj", "obl:in", "obl:of"):
                if s.words[d.dep].lemma == "control":
                    held += [k.dep for k in s.kids(d.dep, "nmod:of", "nmod:over", "nmod:in")]
        if not held:
            continue
        subj = [d.dep for d in s.kids(w.i, "nsubj", "nsubj:xsubj")]
        ctl = [a for h in subj for a in res.of(s, h)]
        if not ctl or not _factual(s, w.i):
            continue
        words = [w.i, *subj, *(k for h in held for k in s.subtree(h))]
        out.append(Found(ctl, held, _status(s, w.i), words, "verb"))
    return out


SHARES = frozenset(
    {"most", "much", "part", "parts", "half", "percent", "all", "rest", "bulk", "majority",
     "swath", "swaths", "swathe", "swathes", "large", "some", "portion", "portions", "section",
     "sections"}
)  # fmt: skip
"""*holds most of P*, *controls 70 percent of P*: a share of the place is held in it."""
PRESENT_WORDS = frozenset(
    {"present", "active", "deployed", "stationed", "entrenched", "holed", "positioned", "based",
     "operate", "operates", "operating", "hiding", "lurking"}
)  # fmt: skip
"""*X are (still) present / active / deployed in P*: X has forces or cells there."""


def _quantified(heads: list[int], s: Sent) -> list[int]:
    """Held phrases with a share word replaced by what it is a share of."""
    out: list[int] = []
    for h in heads:
        parts = [d.dep for d in s.kids(h, "nmod:of")] if s.words[h].lower in SHARES else []
        out += parts or [h]
    return out


def _presence(s: Sent, res: Resolver) -> list[Found]:
    """'IS cells remain active in the desert near P', 'troops are deployed in P': present."""
    out: list[Found] = []
    for w in s.words:
        if w.lower not in PRESENT_WORDS or not _factual(s, w.i):
            continue
        subj = [d.dep for d in s.kids(w.i, "nsubj", "nsubj:pass")]
        verbs = [w.i]
        for d in s.govs(w.i, "xcomp") if not subj else []:  # 'remain active in P'
            subj = [k.dep for k in s.kids(d.gov, "nsubj")] if _factual(s, d.gov) else []
            verbs.append(d.gov)
        held = [
            d.dep
            for v in verbs
            for d in s.kids(v, "obl:in", "obl:near", "obl:around", "obl:across")
        ]
        out += _present(s, res, subj, held, [w.i])
    return out


def _present(
    s: Sent, res: Resolver, subj: list[int], held: list[int], cue: list[int]
) -> list[Found]:
    """Presence of the actors ``subj`` names in the places ``held`` names, quoted from the
    subject, the ``cue`` words and the places (none when either is missing)."""
    ctl = [a for h in subj for a in res.of(s, h)]
    if not (ctl and held):
        return []
    words = [*subj, *cue, *(k for h in held for k in s.subtree(h))]
    return [Found(ctl, held, "present", words, "presence")]


def _presence_noun(s: Sent, res: Resolver) -> list[Found]:
    """'IS maintains a presence in the desert around P', 'X has a presence (cells) in P':
    present."""
    out: list[Found] = []
    for w in s.words:
        if w.lemma not in ("presence", "cell"):  # 'has a presence in P', 'has cells in P'
            continue
        for d in s.govs(w.i, "obj"):
            v = d.gov
            if v < 0 or s.words[v].lemma not in ("maintain", "have", "keep", "retain", "establish"):
                continue
            if not _factual(s, v) or any(
                s.words[k.dep].lower in ("longer", "no", "not") for k in s.kids(v, "advmod")
            ):
                continue  # 'no longer has a presence'
            if any(s.words[k.dep].lower == "no" for k in s.kids(w.i, "det")):
                continue  # 'has no presence'
            subj = [k.dep for k in s.kids(v, "nsubj")]
            held = [k.dep for k in s.kids(w.i, "nmod:in", "nmod:near", "nmod:around")]
            held += [k.dep for k in s.kids(v, "obl:in", "obl:near", "obl:around")]
            out += _present(s, res, subj, held, [v, w.i])
    return out


def _divided(s: Sent, res: Resolver) -> list[Found]:
    """'P is divided between X and Y', 'P is split between X and Y': both hold part of it."""
    out: list[Found] = []
    for w in s.words:
        if w.lemma not in ("divide", "split", "contest") or not _factual(s, w.i):
            continue
        held = [d.dep for d in s.kids(w.i, "nsubj:pass", "nsubj") if _land(s, d.dep)]
        sides = [d.dep for d in s.kids(w.i, "obl:between")]
        sides += [c.dep for h in sides for c in s.kids(h, "conj", "conj:and")]
        ctl = list(dict.fromkeys(a for h in sides for a in res.of(s, h)))
        if held and len(ctl) > 1:
            words = [*held, w.i, *(k for h in sides for k in s.subtree(h))]
            out.append(Found(ctl, held, "contested", words, "divided"))
    return out


def _left_with(s: Sent, res: Resolver) -> list[Found]:
    """'X is left with (only) two pockets', 'X was left with P': what X still holds."""
    out: list[Found] = []
    for w in s.words:
        if w.lemma != "leave" or not w.pos.startswith("VB"):
            continue
        held = [d.dep for d in s.kids(w.i, "obl:with")]
        who = [d.dep for d in s.kids(w.i, "nsubj:pass", "nsubj")]
        ctl = [a for h in who for a in res.of(s, h)]
        if held and ctl and _factual(s, w.i):
            words = [w.i, *who, *(k for h in held for k in s.subtree(h))]
            out.append(Found(ctl, held, "controls", words, "left-with"))
    return out


CONTINUATION_STARTS = frozenset({"the", "it", "they", "these", "those", "one", "both"})


def _clause_siblings(s: Sent, held: list[int]) -> list[int]:
    """Words of the locative phrases of the clause a held phrase belongs to."""
    out: list[int] = []
    for h in held:
        for d in s.govs(h):
            if d.gov < 0 or not s.words[d.gov].pos.startswith("VB"):
                continue
            for k in s.kids(d.gov):
                if k.dep != h and k.rel.startswith(("obl:in", "obl:at", "nmod:in")):
                    out += s.subtree(k.dep)
    return out


def _continuation(doc: Doc, s: Sent, book: PlaceBook) -> Places:
    """The next sentence of the paragraph, when it only goes on listing ('... two pockets.
    The first is between A and B, the second in C'): its places."""
    nxt = doc.sents[s.n + 1] if s.n + 1 < len(doc.sents) else None
    if nxt is None or nxt.para != s.para or nxt.words[0].lower not in CONTINUATION_STARTS:
        return Places([], [])
    if any(w.mention is not None and w.mention.actor for w in nxt.words):
        return Places([], [])
    return select(nxt, range(len(nxt.words)), book)


def _named(s: Sent, h: int) -> bool:
    m = s.words[h].mention
    return m is not None and m.place is not None and m.actor is None


def _control_noun(s: Sent, res: Resolver) -> list[Found]:
    """'The control of ISIS shrank in the desert, within the towns of A, B, C': the places
    its clause names are still held."""
    out: list[Found] = []
    for w in s.words:
        if w.lemma != "control" or not w.pos.startswith("NN"):
            continue
        if any(s.words[d.dep].lemma == "in" for d in s.kids(w.i, "case")):
            # 'X were in (full) control of P': the copula's subject holds P
            ctl = [a for d in s.kids(w.i, "nsubj") for a in res.of(s, d.dep)]
            held = [d.dep for d in s.kids(w.i, "nmod:of", "nmod:over")]
            if ctl and held:
                words = [w.i, *(k for h in held for k in s.subtree(h))]
                out.append(Found(ctl, held, _status(s, w.i), words, "in-control"))
            continue
        ctl = [a for d in s.kids(w.i, "nmod:of", "nmod:poss") for a in res.of(s, d.dep)]
        verbs = [d.gov for d in s.govs(w.i, "nsubj") if d.gov >= 0]
        if not ctl or not verbs:
            continue
        held = [d.dep for v in verbs for d in s.kids(v) if d.rel.startswith(("obl", "nmod"))]
        if held:
            words = [w.i, *(k for h in held for k in s.subtree(h))]
            out.append(Found(ctl, held, "controls", words, "noun"))
    return out


def _set_off_phrase(s: Sent, v: int) -> list[int]:
    """The land phrase a participle set off by a comma describes when the parser hung the
    participle on the verb: *attacked the village of P, held by X, on Sunday*."""
    out: list[int] = []
    for d in s.govs(v, "dep", "advcl", "conj"):
        if d.gov < 0:
            continue
        for k in s.kids(d.gov, "obj", "obl", "nsubj:pass"):
            if _land(s, k.dep) and max(s.subtree(k.dep)) == v - 2:
                out.append(k.dep)
    return out


def _land(s: Sent, h: int) -> bool:
    """What is held is land: a place, or a word such as 'towns', 'pockets', 'areas' (not
    'the titles of its provinces')."""
    w = s.words[h]
    return w.lemma in TERRITORY or (w.mention is not None and w.mention.place is not None)


def _stronghold(s: Sent, res: Resolver) -> list[Found]:
    """'its de facto capital of Raqqa', 'P was a stronghold of X', 'their territory in P'."""
    out: list[Found] = []
    for w in s.words:
        if w.lemma not in STRONGHOLD_NOUNS:
            continue
        ctl: list[str] = []
        for d in s.kids(w.i, "nmod:poss", "nmod:of", "compound", "amod"):
            m = s.words[d.dep].mention
            if m is not None and m.place is not None and m.actor is None:
                continue
            ctl += res.of(s, d.dep)
        if not ctl:
            continue
        held = [w.i]
        held += [d.dep for d in s.kids(w.i, "nsubj", "appos")]
        held += [d.gov for d in s.govs(w.i, "appos") if d.gov >= 0]
        words = [w.i, *(k for h in held for k in s.subtree(h))]
        status = "formerly_controlled" if _fell(s, held) else _status(s, w.i)
        out.append(Found(ctl, held, status, words, "stronghold"))
    return out


def _fell(s: Sent, held: list[int]) -> bool:
    """*P, X's last stronghold, fell to Y* / *was captured*: X held it until now."""
    for h in held:
        for d in s.govs(h, "nsubj", "nsubj:pass"):
            verb = s.words[d.gov] if d.gov >= 0 else None
            if verb is None or not _factual(s, d.gov):
                continue
            if verb.lemma == "fall" or (d.rel == "nsubj:pass" and verb.lemma in CAPTURED):
                return True
    return False


def _losses(s: Sent, res: Resolver) -> list[Found]:
    """'X withdrew from P', 'X was driven out of P', 'X lost P': X held P before."""
    out: list[Found] = []
    for w in s.words:
        if not w.pos.startswith("VB") or not _factual(s, w.i):
            continue
        held: list[int] = []
        who: list[int] = []
        if w.lemma in LOSS_VERBS:
            held = [d.dep for d in s.kids(w.i, "obl:from", "obl:out_of")]
            who = [d.dep for d in s.kids(w.i, "nsubj")]
        elif w.lemma in EXPEL_VERBS:
            held = [d.dep for d in s.kids(w.i, "obl:from", "obl:out_of", "obl:of")]
            who = [d.dep for d in s.kids(w.i, "nsubj:pass", "obj")]
        elif w.lemma == "lose":
            held = [d.dep for d in s.kids(w.i, "obj") if _land(s, d.dep)]
            for c in (d.dep for d in s.kids(w.i, "obj") if s.words[d.dep].lemma == "control"):
                held += [k.dep for k in s.kids(c, "nmod:of", "nmod:over")]  # 'lost control of P'
            held += [d.dep for d in s.kids(w.i, "obl:of") if _land(s, d.dep)]
            who = [d.dep for d in s.kids(w.i, "nsubj")]
        if not held or not who:
            continue
        ctl = [a for h in who for a in res.of(s, h)]
        if ctl:
            words = [w.i, *who, *(k for h in held for k in s.subtree(h))]
            out.append(Found(ctl, held, "formerly_controlled", words, "loss"))
    return out


def _factual(s: Sent, v: int) -> bool:
    for d in s.kids(v, "advmod", "neg", "aux"):
        lemma = s.words[d.dep].lemma
        if lemma in NEGATIONS or (d.rel == "aux" and lemma in MODALS):
            return False
    for d in s.govs(v, "xcomp"):
        if d.gov >= 0 and s.words[d.gov].lemma in ("want", "plan", "seek", "try", "aim", "hope"):
            return False
    # 'an operation to expel X from P': an aim, not a change of hands
    purpose = any(s.words[d.dep].lower == "to" for d in s.kids(v, "mark"))
    return not (purpose and any(True for _ in s.govs(v, "acl", "advcl")))


def _status(s: Sent, k: int) -> ControlStatus:
    lemmas = {w.lower for w in s.words}
    if lemmas & PAST_CUES:
        return "formerly_controlled"
    near = {s.words[d.dep].lower for d in s.kids(k, "advmod", "neg", "aux")}
    if near & {"longer", "no", "formerly", "previously", "once"}:
        return "formerly_controlled"
    w = s.words[k]
    past = (w.pos == "VBN" and "had" in near) or w.pos == "VBD"
    if past and w.lemma in HOLD_VERBS and not _reported(s, k):
        # 'IS ruled Raqqa for three years', 'P, which IS had held since May' (not 'X said it
        # held P', nor 'had regained control': a gain in the past is a hold now)
        return "formerly_controlled"
    if _under_siege(s, k):
        return "besieged"
    return "controls"


def _reported(s: Sent, k: int) -> bool:
    """``k`` is inside what a speech verb reports: its past tense is the report's, not the
    control's (*the SDF said it controlled 90 percent of the city*)."""
    seen = {k}
    frontier = [k]
    while frontier:
        i = frontier.pop()
        for d in s.govs(i):
            if d.gov < 0 or d.gov in seen:
                continue
            if d.rel in ("ccomp", "parataxis") and s.words[d.gov].lemma in SPEECH_VERBS:
                return True
            seen.add(d.gov)
            frontier.append(d.gov)
    return False


SIEGE_VERBS = frozenset({"besiege", "encircle", "blockade", "surround"})


def _under_siege(s: Sent, k: int) -> bool:
    """The held phrase around ``k`` is what a siege verb besieges (*IS besieged the
    regime-held districts*, *regime-held P, besieged by IS*): its holder is besieged there."""
    for w in s.words:
        if w.lemma not in SIEGE_VERBS or not w.pos.startswith("VB"):
            continue
        besieged = [d.dep for d in s.kids(w.i, "obj", "nsubj:pass")]
        besieged += [d.gov for d in s.govs(w.i, "acl") if d.gov >= 0]
        if any(k in s.subtree(h) for h in besieged):
            return True
    return False


def _negated(s: Sent, found: Found) -> bool:
    for k in found.held[:1]:
        if any(s.words[d.dep].lemma in NEGATIONS for d in s.kids(k, "det", "neg", "advmod")):
            return True
    return False


class ControlReader:
    """Control claims of a document, read sentence by sentence in text order (so that
    pronouns resolve against what came before, like the events of the same sentences)."""

    def __init__(self, doc: Doc, book: PlaceBook, sources: list[str]) -> None:
        self.doc = doc
        self.book = book
        self.sources = sources
        self.claims: list[ControlClaim] = []
        self.seen: set[tuple[str, str, str]] = set()  # (controller, place, status)
        self.last_places = Places([], [])

    def read(self, s: Sent, res: Resolver) -> None:
        if s.n not in self.doc.headline:
            for f in [
                *_adjective_control(s, res),
                *_under_control(s, res),
                *_verb_control(s, res),
                *_stronghold(s, res),
                *_losses(s, res),
                *_left_with(s, res),
                *_control_noun(s, res),
                *_presence(s, res),
                *_presence_noun(s, res),
                *_divided(s, res),
            ]:
                if not _negated(s, f):
                    self._claim(s, f)
        here = select(s, range(len(s.words)), self.book)
        if here:
            self.last_places = here

    def _claim(self, s: Sent, f: Found) -> None:
        doc, book = self.doc, self.book
        where = select(s, [k for h in f.held for k in s.subtree(h)], book)
        if not where and any(
            s.words[h].lemma in ANAPHORIC_PLACES
            and any(s.words[d.dep].lemma in ("the", "this", "that") for d in s.kids(h, "det"))
            for h in f.held
        ):
            where = self.last_places  # 'the area': the places named before
        if not where and f.how in ("stronghold", "under"):  # 'withdrew to their territory
            where = select(s, _clause_siblings(s, f.held), book)  # in the towns of A, B'
        if not where and f.how in ("left-with", "verb"):
            where = _continuation(doc, s, book)
        if not where and f.how == "verb":
            where = select(s, range(len(s.words)), book)
        if not where:
            return
        idx = sorted(set(f.words))
        start, end = s.words[idx[0]].start, s.words[idx[-1]].end
        for ctl in dict.fromkeys(f.controller):
            pairs = {(ctl, p, f.status) for p in where.ids + where.written}
            if pairs <= self.seen:
                continue  # every place already said to be held by this controller
            self.seen.update(pairs)
            self.claims.append(
                ControlClaim(
                    quote=doc.text[start:end],
                    start=start,
                    end=end,
                    date=_when(doc, f.status),
                    according_to=self.sources[s.n],
                    rule=f"control:{f.how}",
                    confidence=0.8 if f.how in ("adjective", "under") else 0.7,
                    controller=ctl,
                    places=where.ids,
                    unresolved_places=where.written,
                    status=f.status,
                )
            )


def _when(doc: Doc, status: ControlStatus) -> DateSpan:
    """Control stated in the present holds at publication; a past one ended before it."""
    pub: dates.Publication | None = doc.pub
    if pub is None:
        return DateSpan()
    if status == "formerly_controlled":
        return DateSpan(end=pub.ref, precision="unknown")
    return DateSpan(end=pub.ref, precision=pub.precision)
