"""One synthetic answer: its question's identifiers, its text in a real layout, and the facts it states.

The facts are recorded as the text is written, in the fields of
tests/fixtures/answers/*.expected.toml, so that they are what the text says by construction.
"""

from __future__ import annotations

import datetime as dt
import random

from .phrasings import (
    ADVERB_LEADS,
    AGENCIES,
    ASKERS,
    BASE_OFFERS,
    BOTH_FINDINGS,
    CENTRES,
    CIVIL_SERVANTS,
    COMMITTEE_WEIGHTS,
    COMMITTEES,
    FILLERS,
    FINDINGS,
    GAPS,
    LETTERHEADS,
    MONTHS,
    MOTHERS,
    NAMED_OFFERS,
    NGOS,
    NUMBER_WORDS,
    OPERATORS,
    POSTS,
    QUESTIONS,
    SECOND_AGENCIES,
    SESSIONS,
    TARGETS,
    UUI_20151,
)
from lodpub.extract.committees import LETTERS_BY_NAME

from .typeset import Layout, parted, render


def _one_word(street: str) -> bool:
    """'Slotsholmsgade 10', not 'Holmens Kanal 22' (the extractor knows only the first kind)."""
    return " " not in street.rsplit(" ", 1)[0]


def _long_date(day: dt.date, rng: random.Random) -> str:
    space = " " if rng.random() < 0.8 else ""
    return f"{day.day}.{space}{MONTHS[day.month - 1]} {day.year}"


def name_of(question: "Question") -> str:
    """The committee's name as it stands alone ("Finansudvalget"), for the genitive "Finansudvalgets"."""
    return question.committee[1]


def _session_label(code: str) -> str:
    year, sitting = int(code[:4]), code[4]
    label = f"{year}-{(year + 1) % 100:02d}"
    return f"{label} ({sitting}. samling)" if code in ("20181", "20182", "20222") else label


class Question:
    """The identifiers of one question, drawn before its text so that keys are unique."""

    def __init__(self, rng: random.Random, used: set[str], count: int):
        for _ in range(1000):
            self.session, self.start, self.end = rng.choice(SESSIONS)
            roll = rng.random()
            self.kind = ("general" if roll < 0.8 else "bill" if roll < 0.88 else "proposal" if roll < 0.91
                         else "section-20")
            self.committee = rng.choices(COMMITTEES, cum_weights=COMMITTEE_WEIGHTS)[0]
            self.bill = None
            if self.kind == "general":
                self.number = str(rng.randint(1, max(1500, count // 25)))
                self.key = f"{self.session}-{self.committee[0].lower()}-{self.number}"
            elif self.kind == "bill":
                self.bill, self.number = f"L {rng.randint(1, 220)}", str(rng.randint(1, 60))
                self.key = f"{self.session}-l-{self.bill[2:]}-{self.number}"
            elif self.kind == "proposal":  # a proposal for a resolution: "B 79"
                self.bill, self.number = f"B {rng.randint(1, 180)}", str(rng.randint(1, 20))
                self.key = f"{self.session}-b-{self.bill[2:]}-{self.number}"
            else:
                self.number = f"S {rng.randint(1, max(2000, count // 5))}"
                self.key = f"{self.session}-s-{self.number[2:]}"
            if self.key not in used:
                used.add(self.key)
                return
        raise ValueError("cannot draw a new question key; the corpus is too large for its vocabulary")


class Answer:
    """Writes one answer text and records the facts it states."""

    def __init__(self, question: Question, rng: random.Random, gaps: bool = False):
        self.q, self.rng, self.gaps = question, rng, gaps
        self.gaps_used: list[str] = []
        self.post_above = False  # the minister's post heads the letter ("Kulturministeren")
        self.opening = ""  # which opening the letter has (for the corpus's tests of its rates)

    def compose(self) -> tuple[str, dict]:
        """The text and its facts: header (who asked whom, when), question, answer, signature."""
        r, q = self.rng, self.q
        span = (q.end - q.start).days
        asked = q.start + dt.timedelta(days=r.randint(0, span))
        answered = asked + dt.timedelta(days=r.randint(5, 45))
        posts = [p for p in POSTS if any(a <= q.session <= b for _, a, b in p[3])]
        post = r.choice(posts)
        minister = r.choice([name for name, a, b in post[3] if a <= q.session <= b])
        asker, party = r.choice([(n, p) for n, p, a, b in ASKERS if a <= q.session <= b])
        letters, name, folketingets, _ = q.committee
        if letters == "UUI" and q.session == "20151":
            name = UUI_20151
        subject = folketingets if folketingets and r.random() < 0.5 else name
        self.post, self.ministry, self.letterhead = post[0], post[1], LETTERHEADS[post[2]]

        facts: dict = {"question": {"key": q.key, "number": q.number, "kind": q.kind}}
        if q.bill:
            facts["question"]["bill"] = q.bill
        if q.kind != "section-20":
            facts["question"]["committee_name"] = subject
        question_text = r.choice(QUESTIONS if q.kind == "bill" else QUESTIONS[:-1])
        facts["question"].update(
            date_asked=asked.isoformat(), asker=asker, party=party, addressed_to=post[0][: -len("en")],
            text_start=question_text[:30],
        )

        layout = Layout(r)
        self.layout = layout
        blocks: list[tuple] = []
        blocks += self._top(subject, answered)
        opening, answer_heading = self._opening(asked, asker, party, subject, question_text, facts["question"])
        blocks += opening
        if self.stamped and q.kind != "section-20" and "committee_name" not in facts["question"]:
            facts["question"]["committee_name"] = self.stamped  # named nowhere else: ft.dk's stamp names it
        body, answer_facts = self._body()
        if body[0][0] == "para" and answer_heading.endswith(":") and r.random() < 0.05:
            # "Svar: Jeg kan oplyse ..." (the heading run into the answer's first paragraph)
            body[0] = ("para", f"{answer_heading} {body[0][1]}", body[0][2])
        else:
            blocks.append(("heading", answer_heading, None))
        blocks += body
        closing = self._close(minister, answered, answer_facts)
        if self.run_in:
            kind, last, furniture = blocks[-1]
            if kind == "para" and last.endswith(".") and not last.endswith("”."):
                blocks[-1] = (kind, f"{last} {self.run_in}", furniture)
            else:
                closing.insert(0, ("raw", self.run_in.split("/ "), None))
        blocks += closing
        facts["answer"] = answer_facts["answer"]
        facts["responses"] = answer_facts["responses"]
        facts["findings"] = answer_facts["findings"]
        if facts["question"]["addressed_to"] is None and not answer_facts["answer"]["agencies"]:
            facts["findings"] = []  # the answer's own findings are the minister's: with none named, no one's
        if self.post_above:
            above = self.post[0].upper() + self.post[1:]
            if " og " in above and r.random() < 0.5:
                # The post broken over two letterhead lines: "Beskæftigelses-" / "og ligestillingsministeren".
                head, tail = above.split(" og ", 1)
                blocks.insert(0, ("raw", [head, f"og {tail}"], None))
            else:
                blocks.insert(0, ("raw", [above], None))
        text = render(blocks, layout, r)
        if layout.spacing == "single" and layout.blank == "" and parted(text) > 0.5:
            if not (parted(text) > 0.6 and self._gap("short-paragraphs", 1.0)):
                layout.blank = " "  # a line holding one space parts paragraphs just as well
                text = render(blocks, layout, r)
        return text, facts

    def _opening(self, asked: dt.date, asker: str, party: str, subject: str, question_text: str,
                 facts: dict) -> tuple[list[tuple], str]:
        """The letter's opening and the question under its heading; the answer's heading.

        Most letters open "X har den DATE stillet følgende spørgsmål nr. N ..."; the others in the
        real layouts docs/layouts.md lists, each recording in `facts` what it names and what not.
        """
        r, q, post = self.rng, self.q, self.post
        date = _long_date(asked, r)
        who = f"efter ønske fra {asker} ({party})"
        if r.random() < 0.06:
            who = f"efter ønske fra ikkemedlem af udvalget (MFU) {asker} ({party})"
        question = ("para", question_text, None)
        answer_heading = "Svar:"
        roll = r.random()
        if 0.85 <= roll < 0.9 and q.kind == "general" and q.committee[2]:
            subject = facts["committee_name"] = q.committee[2]  # these letters write "Folketingets Xudvalgs"
        if q.kind == "section-20":
            if roll < 0.85:
                self.opening = "section-20"
                header = (f"Medlem af Folketinget {asker} ({party}) har den {date} stillet følgende spørgsmål nr. "
                          f"{q.number} til {post}, som hermed besvares.")
                heading = r.choice((f"Spørgsmål {q.number}:", f"Spørgsmål nr. {q.number}:"))
            else:
                # The minister writes "mig": no post is named.
                self.opening = "section-20 stillet mig"
                header = (f"Folketingsmedlem {asker} ({party}) har den {date} stillet mig følgende spørgsmål "
                          f"{q.number}, som jeg hermed skal besvare.")
                heading = f"Spørgsmål nr. {q.number}:"
                facts["addressed_to"] = None
                question = ("para", f"”{question_text}”", None)
                answer_heading = r.choice(("Svar:", "Svar"))
        elif q.kind == "proposal":
            self.opening = "proposal"
            header = (f"{subject} har den {date} stillet følgende spørgsmål nr. {q.number} vedrørende {q.bill} "
                      f"til {post}, som hermed besvares. Spørgsmålet er stillet {who}.")
            heading = f"Spørgsmål nr. {q.number}:"
        elif q.kind == "bill" and roll < 0.1 and " " not in post:
            # "X har ved brev af DATE bedt om kirkeministerens besvarelse af spørgsmål 30 vedrørende L 160"
            self.opening = "bill bedt om"
            header = (f"{subject} har ved brev af {date} bedt om {post}s besvarelse af spørgsmål {q.number} "
                      f"vedrørende {q.bill}.")
            heading = None
            question = ("para", f"”{question_text}”", None)
            facts["asker"] = facts["party"] = None
        elif q.kind == "bill":
            link = "til" if r.random() < 0.8 else "ad"
            self.opening = "bill"
            header = (f"{subject} har den {date} stillet følgende spørgsmål nr. {q.number} {link} {q.bill} {who} "
                      f"til {post}, som hermed besvares.")
            heading = f"Spørgsmål nr. {q.number} {link} {q.bill}:"
        elif roll < 0.6 or (0.85 <= roll < 0.9 and not self._genitive_reads(subject)):
            self.opening = "committee question"
            header = (f"{subject} har den {date} stillet følgende spørgsmål nr. {q.number} (alm. del) {who} "
                      f"til {post}, som hermed besvares.")
            heading = f"Spørgsmål nr. {q.number}:" if r.random() < 0.95 else "Spørgsmål:"
        elif roll < 0.75:
            self.opening = "letter of a date"
            header = (f"{subject} har i brev af {date} stillet følgende spørgsmål nr. {q.number} (alm. del) "
                      f"til {post}, som hermed besvares. Spørgsmålet er stillet {who}.")
            heading = f"Spørgsmål nr. {q.number}:"
        elif roll < 0.85:
            # A cover letter; the question follows in quotation marks, often with no heading.
            final = "endelig " if r.random() < 0.5 else ""
            alm = r.choice(("(alm. del)", "(Alm. del)"))
            self.opening = "cover letter"
            header = (f"Hermed sendes {final}besvarelse af spørgsmål nr. {q.number} {alm}, som {subject} har "
                      f"stillet til {post} den {date}. Spørgsmålet er stillet {who}.")
            heading = None if r.random() < 0.6 else f"Spørgsmål nr. {q.number}:"
            question = ("para", f"”{question_text}”", None)
        elif roll < 0.9:
            # "Under henvisning til ...s brev af DATE": committee and minister in the genitive, no asker.
            final = r.choice(("endelige ", ""))
            self.opening = "under henvisning"
            header = (f"Under henvisning til {subject}s brev af {date} følger hermed {post}s {final}svar på "
                      f"spørgsmål nr. {q.number} (alm. del).")
            heading = f"Spørgsmål nr. {q.number}:"
            facts["asker"] = facts["party"] = None
            answer_heading = r.choice(("Endeligt svar:", "Svar:"))
        elif roll < 0.95:
            if " " not in post and r.random() < 0.5:
                # "Miljøministerens besvarelse af spørgsmål nr. 30 (alm. del) stillet af X den DATE."
                self.opening = "ministerens besvarelse"
                header = (f"{post[0].upper()}{post[1:]}s besvarelse af spørgsmål nr. {q.number} (alm. del) stillet "
                          f"af {subject} den {date}.")
                heading = f"Spørgsmål nr. {q.number}:"
            else:
                # "Besvarelse af spørgsmål nr. N stillet af X til ...ministeren den DATE (Alm. Del)."
                self.opening = "besvarelse af"
                header = (f"Besvarelse af spørgsmål nr. {q.number} stillet af {subject} til {post} den {date} "
                          f"{r.choice(('(Alm. Del)', '(alm. del)'))}.")
                heading = "Spørgsmål:"
            question = ("para", f"”{question_text}”", None) if r.random() < 0.5 else question
            facts["asker"] = facts["party"] = None
        elif roll < 0.96:
            # "Svar på Finansudvalgets spørgsmål nr. N (Alm. del) af DATE stillet efter ønske fra X (Y)":
            # the committee only in the genitive, no post named.
            self.opening = "svar på"
            header = (f"Svar på {name_of(q)}s spørgsmål nr. {q.number} (Alm. del) af {date} stillet {who}")
            heading = "Spørgsmål"
            answer_heading = "Svar"
            self._committee_from_addressee(facts, subject)
            if "committee_name" not in facts and name_of(q).endswith("udvalget"):
                # addressed to no "Folketingets Xudvalg": read from the genitive ("Boligudvalgets")
                facts["committee_name"] = name_of(q)
            facts["addressed_to"] = None
        elif roll < 0.97:
            # "I brev af DATE har udvalget efter ønske fra X (Y) stillet mig følgende spørgsmål:": neither
            # the committee nor the post is named.
            self.opening = "i brev af udvalget"
            header = f"I brev af {date} har udvalget {who} stillet mig følgende spørgsmål:"
            heading = f"Spørgsmål nr. {q.number} (Alm. del)"
            answer_heading = "Svar"
            self._committee_from_addressee(facts, subject)
            facts["addressed_to"] = None
        else:
            # "... stillet mig følgende spørgsmål, nr. N (Alm. del), som jeg hermed besvarer": the post
            # is named only where the letterhead opens with it ("Kulturministeren").
            self.opening = "stillet mig nr"
            header = (f"{subject} har den {date}, {who}, stillet mig følgende spørgsmål, nr. {q.number} "
                      f"(Alm. del), som jeg hermed besvarer.")
            heading = r.choice((f"Spørgsmål nr. {q.number}:", f"Spørgsmål {q.number}"))
            self.post_above = r.random() < 0.5
            if not self.post_above:
                facts["addressed_to"] = None
        blocks = [("para", header, None)]
        numbered = any(c.isdigit() for c in heading or "")
        run_in = heading and r.random() < 0.05 and heading.endswith(":")
        if run_in and (numbered or self._gap("run-in-bare-heading", 1.0)):
            # "Spørgsmål nr. 30: Vil ministeren ...?" (the heading run into the question)
            blocks.append(("para", f"{heading} {question[1]}", None))
        else:
            blocks += ([("heading", heading, None)] if heading else []) + [question]
        return blocks, answer_heading

    @staticmethod
    def _committee_from_addressee(facts: dict, subject: str) -> None:
        """Where the header names no committee, only the addressee can: the extractor reads it
        when it is written "Folketingets Xudvalg", a paragraph of its own (_top)."""
        if subject.startswith("Folketingets ") or subject in LETTERS_BY_NAME:
            facts["committee_name"] = subject  # (a known committee's name alone: docs/layouts.md)
        else:
            facts.pop("committee_name")

    def _genitive_reads(self, subject: str) -> bool:
        """Whether "Under henvisning til Xs brev ... følger hermed Ys svar" may name these two.

        The extractor reads a committee in the genitive only as "Folketingets Xudvalgs" and a
        minister's post in the genitive only as one word ("justitsministerens"); the others are
        known gaps.
        """
        committee = subject.startswith("Folketingets ") or self._gap("genitive-committee", 1.0)
        return committee and (" " not in self.post or self._gap("genitive-compound-post", 1.0))

    def _top(self, subject: str, answered: dt.date) -> list[tuple]:
        """ft.dk's page stamp, the addressee, and the letterhead's right column."""
        r, q = self.rng, self.q
        lines = []
        self.image = f"{r.randint(1000000, 2999999)}"
        self.stamped = None
        if q.kind != "section-20" and r.random() < 0.4:
            self.stamped = q.committee[1]
            letters = q.committee[0]
            what = f"{letters} Alm.del" if q.kind == "general" else q.bill
            lines += [f"{q.committee[1]} {_session_label(q.session)}",
                      f"{what} endeligt svar på spørgsmål {q.number}", "Offentligt", f"{self.image}_0001.png"]
        if q.kind == "section-20":
            addressee = [" Folketingets Lovsekretariat"] if r.random() < 0.5 else [" Ministeren", " Lovsekretariatet"]
        else:
            addressee = [f" {subject}"]
        if r.random() < 0.6:
            addressee += [" Folketinget", " Christiansborg"]
        if r.random() < 0.1:
            # The ministry's letterhead with single-letter labels: "T +45 ...", "M ...", "W ...".
            unit, street, postal, phone, mail, web = self.letterhead
            number = phone.split(" ", 1)[1].replace(" ", "")
            lines += [street, f"DK-{postal}", f"T +45 {number[:4]} {number[4:]}", f"M {mail}", f"W {web[4:]}"]
        lines += addressee + [" 1240 København K"]
        self.date_at = r.choice(("top", "top", "top", "end", None, None))  # None: the text gives no date
        self.answer_date = answered.isoformat() if self.date_at else None
        if self.date_at == "top":
            style = r.choices(range(7), weights=(3, 3, 3, 3, 1, 1, 1))[0]
            office = r.choice(("Asylkontoret", "Integrationskontoret", "Økonomikontoret", "Familiekontoret"))
            initials = "".join(r.choice("ABDEHJKLMNPST") for _ in range(r.choice((3, 3, 5))))
            case = f"{answered.year}-{r.randint(1000, 9999)}-{r.randint(10, 99)}"
            if style == 4:
                # Label rows first, their values after: the value under "Dato:" is the answer's date.
                lines += ["Dato:", "Kontor:", "Sagsbeh.:", "J.nr.:", _long_date(answered, r), office, initials, case]
            elif style == 5:
                lines += ["Dato:", _long_date(answered, r), "Kontor:", office, "J.nr.:", case, "Sagsbeh.:", initials]
            elif style == 6:
                lines += [f"Dato: {answered.strftime('%d-%m-%Y')}", f"Enhed: {office}", f"Sagsbeh.: {initials}",
                          f"Sagsnr.: {r.randint(1000000, 2999999)}", f"Dok. nr.: {r.randint(100000, 999999)}"]
            elif style == 0:
                lines.append(f"Dato: {_long_date(answered, r)}")
            elif style == 1:
                lines.append(_long_date(answered, r))
            elif style == 2:
                lines += ["Sags nr.", f"{answered.year} - {r.randint(100, 29999)}", "Akt-id", str(r.randint(100000, 999999)),
                          "Dato", answered.strftime("%d-%m-%Y")]
            else:
                lines += [f"Sags nr. {answered.year}-{r.randint(100, 29999)}", f"Dato: {_long_date(answered, r)}"]
        return [("raw", lines, None)]

    def _body(self) -> tuple[list[tuple], dict]:
        """The answer: agencies' contributions (quoted), findings, operator responses."""
        r, layout = self.rng, self.layout
        compact = layout.spacing == "compact"
        n_responses = r.choices(range(9), weights=(10, 6, 8, 10, 12, 12, 10, 7, 5))[0]
        chosen = sorted(r.sample(range(3), r.randint(0, 3)))
        finding_kinds = [("not-required-by-contract", "no-dedicated-funds", "uptake-not-registered")[i] for i in chosen]
        mode = r.choice(("one", "one", "one-says", "one-henholde", "two", "none", "none-asked"))
        # Compact text has no empty lines: what follows the last response runs into it.
        trailing = not (compact and n_responses) or self._gap("compact-trailing", 0.5)
        if not trailing and mode == "two":
            mode = "one"
        paras: list[tuple] = []  # (kind, text, holds facts)
        agencies: list[str] = []
        found: list[str] = []
        if self.q.kind == "bill" and r.random() < 0.5:
            paras.append(("para", "Lovforslaget ændrer ikke ved de tilbud, som indkvarteringsoperatørerne i dag "
                                  "etablerer på asylcentrene.", False))
        agency = r.choice(AGENCIES)
        second = r.choice(SECOND_AGENCIES) if agency != SECOND_AGENCIES[1] else SECOND_AGENCIES[0]
        ask = f"{self.ministry} har til brug for besvarelsen af spørgsmålet indhentet"
        if mode == "one":
            paras.append(("para", f"{ask} et bidrag fra {agency}, der har oplyst følgende, som jeg kan henholde mig til:", False))
        elif mode == "one-says":
            paras.append(("para", f"{self.ministry} har til brug for besvarelsen indhentet et bidrag fra {agency}, "
                                  "som har oplyst følgende:", False))
        elif mode == "one-henholde":
            paras.append(("para", f"{ask} et bidrag fra {agency}, som jeg kan henholde mig til:", False))
        elif mode == "two":
            paras.append(("para", f"{ask} bidrag fra {agency} og {second}.", False))
            paras.append(("para", f"{agency} har oplyst følgende, som jeg kan henholde mig til:", False))
        elif r.random() < 0.5:
            paras.append(("para", FILLERS[0], False))
        if mode.startswith("none"):
            agency = None
        else:
            agencies.append(agency)
            if mode == "two":
                agencies.append(second)
        quote_from = len(paras)

        after = [k for k in finding_kinds if k == "uptake-not-registered" and n_responses and trailing]
        if compact and n_responses and trailing and not after:
            after = ["uptake-not-registered"]  # the known gap shows only with a fact after the responses
            finding_kinds.append(after[0])
        before = [k for k in finding_kinds if k not in after]
        if before:
            if before[:2] == ["not-required-by-contract", "no-dedicated-funds"] and r.random() < 0.25:
                sentences = [BOTH_FINDINGS] + [r.choice(FINDINGS[k]) for k in before[2:]]
            else:
                sentences = [r.choice(FINDINGS[k]) for k in before]
            paras.append(("para", " ".join(sentences), True))
            found += before
        elif not n_responses and trailing:
            paras.append(("para", FILLERS[1], False))

        responses: list[dict] = []
        if n_responses:
            if agency:
                request = (f"{agency} har til brug for besvarelsen bedt de indkvarteringsoperatører, som driver "
                           "asylcentre, hvor der er indkvarteret familier med børn, om at oplyse, om der lokalt er "
                           "etableret tilbud om mødregrupper eller lignende.")
            else:
                request = (f"{self.ministry} har bedt indkvarteringsoperatørerne om at oplyse, hvilke tilbud der "
                           "er etableret for mødre med små børn.")
                if mode == "none-asked":
                    request += " Operatørerne har oplyst følgende:"
            paras += self._responses(request, n_responses, responses)
        if after:
            paras.append(("para", r.choice(FINDINGS["uptake-not-registered"]), True))
            found += after
        if agency and len(paras) == quote_from:
            paras.append(("para", FILLERS[1], False))  # an agency quoted says something
        if agency:
            first, last = paras[quote_from], paras[-1]
            paras[quote_from] = (first[0], "”" + first[1], first[2])
            paras[-1] = (paras[-1][0], paras[-1][1] + "”", last[2])
        if mode == "two":
            paras.append(("para", f"{second} har oplyst følgende:", False))
            quote2 = "”Familierne på centrene kan deltage i de aktiviteter, der er etableret på centrene."
            uptake = "uptake-not-registered" in finding_kinds and "uptake-not-registered" not in found
            if uptake:
                quote2 += " " + r.choice(FINDINGS["uptake-not-registered"])
                found.append("uptake-not-registered")
            paras.append(("para", quote2 + "”", uptake))
        elif not n_responses and r.random() < 0.3:
            paras.append(("para", FILLERS[2], False))
        if not paras:
            paras.append(("para", FILLERS[1], False))

        blocks = self._furnish(paras)
        answer = {"signatories": None, "agencies": agencies}
        if self.answer_date:
            answer = {"date": self.answer_date, **answer}
        return blocks, {"answer": answer, "responses": responses, "findings": [{"kind": k} for k in found]}

    def _furnish(self, paras: list[tuple]) -> list[tuple]:
        """Page furniture inside paragraphs: a page break anywhere, a letterhead block where no facts are."""
        r, q = self.rng, self.q
        furniture: list = [None] * len(paras)
        if r.random() < 0.3:
            page = ["Side 1/2"]
            if q.kind == "general":
                page.append(f"{q.committee[0]}, Alm.del - {_session_label(q.session)} - Endeligt svar på spørgsmål "
                            f"{q.number}: Spm. om tilbud til mødre med små børn på asylcentrene, til {self.post}")
            elif q.kind == "bill":
                page.append(f"{q.bill} - {_session_label(q.session)} - Endeligt svar på spørgsmål {q.number}: "
                            f"Spm. om tilbud til mødre med små børn, til {self.post}")
            page.append(f"{self.image}_0002.png")
            furniture[r.randrange(len(paras))] = page
        if r.random() < 0.25:
            unit, street, postal, phone, mail, _ = self.letterhead
            block = [phone, f"E-mail {mail}", f"Sags nr. {r.randint(2015, 2024)}-{r.randint(100, 29999)}",
                     f"Akt-id {r.randint(100000, 999999)}"]
            places = list(range(len(paras)))
            if _one_word(street) or self._gap("two-word-street", 0.5):
                # With its postal line the block ends a paragraph (as the extractor reads it): only
                # where no fact is, and not after a hyphenated line end.
                block = [unit, street, postal] + block
                places = [i for i, p in enumerate(paras[:-1]) if not p[2]]
                if self._gap("postal-split", 0.3):
                    places = [i for i, p in enumerate(paras) if "har oplyst, at" in p[1]] or [len(paras) - 1]
            if places:
                furniture[r.choice(places)] = block
        return [(kind, text, furniture[i]) for i, (kind, text, _) in enumerate(paras)]

    def _gap(self, name: str, rate: float) -> bool:
        """Whether to use a phrasing here: a known-misread one (in GAPS) only with --gaps."""
        if name not in GAPS:
            return self.rng.random() < rate  # learnt by the extractor: part of every corpus
        if self.gaps and self.rng.random() < rate:
            self.gaps_used.append(name)
            return True
        return False

    def _responses(self, request: str, count: int, responses: list[dict]) -> list[tuple]:
        """Operator responses as bullets or running text; their facts go into `responses`."""
        r, layout = self.rng, self.layout
        picks = r.sample(range(len(OPERATORS)), count)
        operators = [OPERATORS[i] for i in picks]
        if "Røde Kors" in operators and "Dansk Røde Kors" in operators:
            operators.remove(r.choice(NGOS))
        statements = []
        for operator in operators:
            text, facts, capital_end = self._statement(operator)
            statements.append((operator, text, capital_end))
            responses.append(facts)
        paras: list[tuple] = []
        if layout.bullet:
            paras.append(("para", request, False))
            for operator, text, _ in statements:
                paras.append(("bullet", f"{self._lead(operator, 0, last=False)} {text}", True))
            return paras
        running = [request]
        previous_capital = False
        for index, (operator, text, capital_end) in enumerate(statements):
            if index and r.random() < 0.35:
                paras.append(("para", " ".join(running), True))
                running = []
                # Compact text has no empty lines: its paragraphs run together.
                previous_capital = previous_capital and layout.spacing == "compact"
            lead = self._lead(operator, index, last=index == len(statements) - 1)
            if previous_capital and lead.startswith(operator) and not self._gap("capital-before", 1.0):
                lead = ADVERB_LEADS[0].format(operator)
            running.append(f"{lead} {text}")
            previous_capital = capital_end
        paras.append(("para", " ".join(running), True))
        return paras

    def _lead(self, operator: str, index: int, last: bool) -> str:
        """How a statement opens: "X har oplyst, at", in running text also "Endvidere har X oplyst, at"."""
        r = self.rng
        if self._gap("present-tense", 0.05):
            return f"{operator} oplyser, at"
        if self._gap("over-for", 0.05):
            return f"{operator} har over for Udlændingestyrelsen oplyst, at"
        if index and not self.layout.bullet and r.random() < 0.6:
            if last and r.random() < 0.3:
                return f"Endelig har {operator} oplyst, at"
            return r.choice(ADVERB_LEADS).format(operator)
        return f"{operator} har oplyst, at"

    def _statement(self, operator: str) -> tuple[str, dict, bool]:
        """What one operator reported, after "X har oplyst, at"; its facts; whether it ends in a name."""
        r = self.rng
        offer, kinds, name, target = self._offer()
        coverage, cov_facts = self._coverage()
        frequency, freq_facts = self._frequency()
        target_text = ""
        if target is None and r.random() < 0.3:
            target = r.choice(TARGETS)
            # "lignende tilbud for mødre med små børn" would also read as an offer for mothers.
            aimed = (name and r.random() < 0.5) or offer.endswith("tilbud")
            target_text = f", som er målrettet {target[0]}" if aimed else f" for {target[0]}"
        far, now = r.random() < 0.15, r.random() < 0.2
        now_in_main = now and r.random() < 0.5
        pt = "pt." if r.random() < 0.85 else "p.t."
        verbs = ("er etableret", "etableres", "er iværksat") + (() if "tilbud" in offer else ("tilbydes", "afholdes"))
        verb = r.choice(verbs)
        if cov_facts["coverage"] == "number" and r.random() < 0.15:
            # "i videst muligt omfang ... på operatørens centre, og at der pt. er sådanne tilbud på 3 af ..."
            far = now = now_in_main = True
            main = (f"der i videst muligt omfang etableres {offer}{target_text} på operatørens centre, og at der "
                    f"{pt} er sådanne tilbud {coverage}")
        else:
            qualifiers = ("i videst muligt omfang " if far else "") + (f"{pt} " if now_in_main else "")
            if coverage and r.random() < 0.5:
                cov = coverage + ("," if ", med undtagelse" in coverage else "")
                main = f"der {cov} {qualifiers}{verb} {offer}{target_text}"
            else:
                main = f"der {qualifiers}{verb} {offer}{target_text}" + (f" {coverage}" if coverage else "")
        later = now and not now_in_main  # "pt." still to say, in the clause on frequency
        subject = "Tilbuddet" if name else "Tilbuddene"
        if frequency:
            how = r.randrange(3)
            if how == 0 and not later:
                text = f"{main} {frequency}."
            elif how == 1:
                pronoun = "det" if name else r.choice(("de", "tilbuddene"))
                text = f"{main}, og at {pronoun} {pt + ' ' if later else ''}foregår {frequency}."
            elif later and r.random() < 0.3:
                text = f"{main}. {pt.capitalize()} foregår {subject.lower()} {frequency}."
            else:
                text = f"{main}. {subject} foregår {pt + ' ' if later else ''}{frequency}."
        elif later:
            text = f"{main}, og at {'det' if name else 'de'} {pt} er i gang."
        else:
            text = f"{main}."
        if r.random() < 0.1:
            text += " Tilbuddene varetages af sundhedspersonale og frivillige."
        qualifiers_found = [k for k, on in (("as-far-as-possible", far), ("currently", now)) if on]
        facts = {"operator": operator, "offer_kinds": kinds}
        if name:
            facts["offer_name"] = name
        facts.update(cov_facts)
        facts.update(freq_facts)
        if target:
            facts["target_group"] = target[0]
            if target[1] is not None:
                facts["child_min_age"], facts["child_max_age"] = target[1], target[2]
        facts["qualifiers"] = qualifiers_found
        last_word = text.rstrip(".").rsplit(" ", 1)[-1]
        return text, facts, last_word[:1].isupper()

    def _offer(self) -> tuple[str, list[str], str | None, tuple | None]:
        """The offers named: wording, kinds in text order, a named offer's name, an implied target group."""
        r = self.rng
        roll = r.random()
        if roll < 0.2:
            name = r.choice(NAMED_OFFERS)
            quoted = f"”{name}”" if r.random() < 0.2 else name
            intro = r.choice(("et tilbud, der kaldes", "et tilbud kaldet", "et tilbud ved navn", "et tilbud, der hedder"))
            return f"{intro} {quoted}", ["named-offer"], name, None
        if roll < 0.32:
            small = r.choice(MOTHERS)
            wording = f"tilbud {r.choice(('til', 'for'))} mødre med {small} børn"
            target = (f"mødre med {small} børn", None, None)
            if r.random() < 0.3:
                return f"mødregrupper og andre {wording}", ["mother-group", "offer-for-mothers-with-small-children"], None, target
            return wording, ["offer-for-mothers-with-small-children"], None, target
        picks = r.sample(range(3), r.choice((1, 1, 1, 2, 2, 3)))
        kinds = [BASE_OFFERS[i][0] for i in picks]
        words = [BASE_OFFERS[i][1] for i in picks]
        if len(words) == 1:
            text = words[0]
        elif len(words) == 2:
            text = f"{words[0]} {r.choice(('og', 'samt tilbud om'))} {words[1]}"
        else:
            text = f"{words[0]}, {words[1]} og {words[2]}"
        if r.random() < 0.45:
            text += r.choice((" eller lignende", " eller andre lignende tilbud") + (() if " og " in text else (" og lignende",)))
            kinds.append("similar-offer")
            if r.random() < 0.2:
                text = f"tilbud, der svarer til {text}"
        return text, kinds, None, None

    def _coverage(self) -> tuple[str, dict]:
        r = self.rng
        roll = r.random()
        if roll < 0.3:
            return r.choice(("på alle operatørens centre", "på alle centre", "på samtlige operatørens centre",
                             "på alle operatørens asylcentre")), {"coverage": "all"}
        if roll < 0.5:
            base = r.choice(("på alle operatørens centre", "på alle centre", "på samtlige centre"))
            sep = r.choice((" med undtagelse af ", " med undtagelse af ", ", med undtagelse af ", " undtagen ", " på nær "))
            if r.random() < 0.15:
                picks = r.sample(range(len(CENTRES)), r.choice((1, 1, 2)))
                named = " og ".join(CENTRES[i] for i in picks)
                return f"{base}{sep}{named}", {"coverage": "all-except", "excluded": len(picks)}
            n = r.randint(1, 4)
            if n == 1:
                what = r.choice(("ét center", "et center", "1 center", "ét"))
            else:
                what = f"{NUMBER_WORDS[n] if r.random() < 0.6 else n} centre"
            return f"{base}{sep}{what}", {"coverage": "all-except", "excluded": n}
        if roll < 0.75:
            n = r.randint(1, 6)
            word = NUMBER_WORDS[n] if r.random() < 0.4 else str(n)
            where = r.choice(("på {} af operatørens centre", "på {} af operatørens centre", "på {} af sine centre",
                              "i {} af operatørens centre", "på {} centre" if n > 1 else "på {} center"))
            return where.format(word), {"coverage": "number", "count": n}
        return r.choice(("på operatørens centre", "på centrene", "på asylcentrene", "")), {"coverage": "unspecified"}

    def _frequency(self) -> tuple[str, dict]:
        r = self.rng
        if r.random() < 0.2:
            return "", {}
        days = r.random() < 0.25
        unit = "dage" if days else "gange"
        if r.random() < 0.03:
            low = high = 1.5
            text = f"1,5 {unit}"
        elif r.random() < 0.55:
            low = r.randint(1, 3)
            high = r.randint(low + 1, 5)
            if r.random() < 0.75:
                text = f"{low}-{high} {unit}"
            elif low > 1 and r.random() < 0.7:
                text = f"{NUMBER_WORDS[low]} til {NUMBER_WORDS[high]} {unit}"
            else:
                text = f"{low} til {high} {unit}"
        else:
            low = high = r.randint(1, 5)
            if low == 1:
                text = r.choice(("én", "1")) + (" dag" if days else " gang")
            else:
                text = f"{NUMBER_WORDS[low] if r.random() < 0.5 else low} {unit}"
        text += " " + r.choice(("om ugen", "om ugen", "om ugen", "ugentligt", "pr. uge", "hver uge"))
        average = r.random() < 0.2 or low == 1.5
        if average:
            if r.random() < 0.75:
                text = r.choice(("gennemsnitligt ", "i gennemsnit ")) + text
            else:
                text += " i gennemsnit"
        return text, {"min": low, "max": high, "average": average, "unit": "days" if days else "times"}

    def _close(self, minister: str, answered: dt.date, answer_facts: dict) -> list[tuple]:
        """The signature, after the letterhead that PDF extraction often puts just before it."""
        r, layout = self.rng, self.layout
        second = r.choice(CIVIL_SERVANTS) if r.random() < 0.8 else None
        answer_facts["answer"]["signatories"] = [minister] + ([second] if second else [])
        blocks: list[tuple] = []
        unit, street, postal, phone, mail, web = self.letterhead
        trailing = self.date_at == "end" or layout.spacing == "compact" or r.random() < 0.2
        if trailing:
            lines = [_long_date(answered, r)] if self.date_at == "end" else []
            if _one_word(street) or self._gap("two-word-street", 1.0):
                lines += [unit, street, postal]
            lines += [phone, f"Mail {mail}", f"Web {web}", f"CVR-nr. {r.randint(10000000, 99999999)}",
                      f"Sags nr. {answered.year} - {r.randint(100, 29999)}", f"Akt-id {r.randint(100000, 999999)}"]
            if postal not in lines and layout.spacing == "compact":
                lines.insert(0, postal)  # a postal line ends the body's last paragraph
            blocks.append(("raw", lines, None))
        names = [minister] + (["/", second] if second else [])
        letterhead, blocks = blocks, []
        if r.random() < 0.03:
            blocks.append(("raw", ["./."], None))  # an enclosure follows
        self.run_in = None  # the names run into the answer's last line
        roll = r.random()
        if layout.spacing != "compact" and roll < 0.4:
            # The greeting, then the names: "Minister" / "/ Civil servant", "Minister / Civil servant", ...
            greeting = r.choices((["Med venlig hilsen"], ["Venlig hilsen"], ["Med", "venlig", "hilsen"]),
                                 weights=(6, 3, 1))[0]
            if len(greeting) == 3 and layout.spacing == "double" and not self._gap("greeting-word-a-line-spaced", 1.0):
                greeting = ["Med venlig hilsen"]
            blocks.append(("raw", greeting, None))
            if second:
                blocks.append(("raw", r.choice(([minister, f"/ {second}"], [f"{minister} / {second}"],
                                                [minister, "/", second])), None))
            else:
                blocks.append(("raw", [minister], None))
        elif layout.spacing != "compact" and roll < 0.65:
            blocks += [("raw", [name], None) for name in names]
        elif 0.65 <= roll < 0.7 and second:
            blocks.append(("raw", [f"{minister} / {second}"], None))
        elif 0.7 <= roll < 0.75 and second:
            self.run_in = f"{minister}/ {second}"  # "... oplysninger. Anna Berg/ Poul Dahl"
        elif 0.75 <= roll < 0.8 and not second:
            # The minister's title under the name: "Peter Vang" / "Beskæftigelsesminister".
            blocks.append(("raw", [minister, self.post[0].upper() + self.post[1 : -len("en")]], None))
        else:
            blocks.append(("raw", names, None))
        # PDF extraction puts the letterhead's last column before the names, or after them.
        blocks = blocks + letterhead if self.run_in or r.random() < 0.3 else letterhead + blocks
        if r.random() < 0.1:
            # The ministry's footer, its parts set apart by bullets or middle dots.
            dot = r.choice((" • ", " · "))
            blocks.append(("raw", [dot.join((self.ministry, street, postal, phone, mail, web))], None))
        if r.random() < 0.3:
            blocks.append(("raw", ["Side 1/1" if r.random() < 0.5 else "Side 2/2"], None))
        return blocks
