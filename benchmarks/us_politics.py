"""Another newsroom: an archive of made-up US political stories (run by hand).

    python benchmarks/us_politics.py [--stories 240] [--seed 1] [--keep DIR]

The labelled sets are British and wire copy. A US newsroom's archive differs: its own
country is never said ("Secretary of State X", "Gov. X" for its own state's), AP style
abbreviates titles and tags senators ("Sen. X, D-Ohio"), says "U.S. President" now and
then, headlines are Title Case, photo captions carry a photographer's credit ("Enlarge
this image toggle caption X/AP", laid out three ways), the byline is in the front
matter, presidents of the past and of other countries are named in passing, and a
company has a president too. This writes such an archive from a cast of made-up people
(no corpus text), one story every three days over two years with a secretary of state
replaced half-way, injects inconsistencies of the kinds the labelled sets hold, checks
it with copydesk and scores the findings:

- role-swap: a title's holder replaced by a cast member holding another role, written in
  full ("Attorney General X", the press secretary; "Speaker X", the Senate's leader), or
  a senator by another, the first one's party and state kept ("Sen. X, R-Texas");
- name-variant: a name misspelt by one slip (a letter dropped, doubled, two swapped), in
  the body, as a headline's surname alone, or in a caption;
- credit-variant: the front matter's author misspelt, or a caption's photographer.

A finding is right when it names, in an injected story, the injected spelling or name;
every other finding is false (the hand-over, the past and foreign presidents, the
company's president, the senators and the photographers are what it must leave alone).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from copydesk.nlp import load_model
from copydesk.pipeline import check_paths
from copydesk.rules import load_rules

START = dt.date(2026, 1, 12)  # after the default house list's terms (rules/entities.yaml): a made-up world
# (title as written before the name, holder): the newsroom's own officials
OFFICIALS = {
    "president": ("President", "Wendell Okafor"),
    "vp": ("Vice President", "Marcy Delacroix"),
    "sos": ("Secretary of State", "Lydia Marchetti"),
    "treasury": ("Treasury Secretary", "Gideon Falkner"),
    "defense": ("Defense Secretary", "Owen Castellano"),
    "ag": ("Attorney General", "Desmond Quayle"),
    "speaker": ("House Speaker", "Harlan Voss"),
    "senate": ("Senate Majority Leader", "Corinne Aldana"),
    "minority": ("House Minority Leader", "Esme Varga"),
    "press": ("White House press secretary", "Tobias Renner"),
    "governor": ("Oregon Gov.", "Patrick Hollins"),
}
SUCCESSOR = ("sos", "Annika Brandvold")  # secretary of state from the second year: a hand-over
SENATORS = (("Amos Tull", "D-Ohio"), ("Belinda Crowe", "R-Texas"), ("Jasper Noel", "D-Calif."), ("Ruth Kimura", "R-Utah"))
PASSING = (  # named in passing: no claim on the roles today
    "Former President Lionel Ashby once called the program a waste.",
    "The plan revives an idea of the late President Grover Maitland.",
    "French President Celine Aubert said Paris would follow the talks closely.",
    "Idaho Gov. Warren Pike said his state would sue.",
    "Ohio Attorney General Nadia Petrakis joined the suit.",
    "Meridian Corp. President Julian Sorensen said the company would cut jobs.",
)
AUTHORS = ("Priya Castellanos", "Ruben Ashworth", "Ingrid Solheim", "Malcolm Oduya")
PHOTOGRAPHERS = ("Jorun Vestby", "Tavin Ekwueme", "Renske Albrecht")
SENTENCES = (
    "{t} {n} said on {day} that the budget talks would continue into the weekend.",
    "The measure passed 52-48 after {t} {n} won over two holdouts.",
    "{t} {n} told reporters the bill would not reach the floor before the recess.",
    "Aides to {t} {n} said the schedule had not changed.",
)
FOLLOW = ("{s} said the deal was close.", '"We are not there yet," {s} said.', "{s} declined to comment.")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
KINDS = ("role-swap", "name-variant", "credit-variant")


@dataclass(frozen=True)
class Label:
    path: str
    found: str
    kind: str


def slip(name: str, rng: random.Random) -> str:
    """The name's surname with one typing slip: a letter dropped, doubled, or two swapped."""
    given, surname = name.rsplit(" ", 1)
    i = rng.randrange(1, len(surname) - 1)
    how = rng.choice(("drop", "double", "swap"))
    if how == "drop":
        wrong = surname[:i] + surname[i + 1 :]
    elif how == "double":
        wrong = surname[: i + 1] + surname[i:]
    else:
        wrong = surname[:i] + surname[i + 1] + surname[i] + surname[i + 2 :]
    return f"{given} {wrong}" if wrong != surname else f"{given} {surname[:i]}{surname[i + 1:]}"


def holder(key: str, date: dt.date) -> tuple[str, str]:
    title, name = OFFICIALS[key]
    if key == SUCCESSOR[0] and (date - START).days >= 365:
        name = SUCCESSOR[1]
    return title, name


def story(i: int, rng: random.Random, inject: str | None) -> tuple[str, list[tuple[str, str]]]:
    """A story's Markdown and what was injected into it: (found, kind)."""
    date = START + dt.timedelta(days=3 * i)
    keys = rng.sample(sorted(OFFICIALS), 3)
    injected: list[tuple[str, str]] = []
    people = [holder(k, date) for k in keys]
    senator, state = rng.choice(SENATORS)
    if inject == "role-swap" and rng.random() < 0.25:
        senator = rng.choice([name for name, _ in SENATORS if name != senator])  # in another's seat
        injected.append((senator, "role-swap"))
    elif inject == "role-swap":
        other = rng.choice([k for k in OFFICIALS if k not in keys and k != SUCCESSOR[0]])
        swapped = OFFICIALS[other][1]
        title = people[1][0]
        if title == "House Speaker" and rng.random() < 0.5:
            title = "Speaker"  # the newsroom's own house's speaker, given bare
        people[1] = (title, swapped)
        injected.append((swapped, "role-swap"))
    lead_title, lead = people[0]
    headline_name = lead.split()[-1]
    if inject == "name-variant":
        where = rng.choice(("body", "headline", "caption"))
        wrong = slip(lead if where != "body" else people[2][1], rng)
        if where == "body":
            people[2] = (people[2][0], wrong)
            injected.append((wrong, "name-variant"))
        elif where == "headline":
            headline_name = wrong.split()[-1]
            injected.append((headline_name, "name-variant"))
        else:
            injected.append((wrong, "name-variant"))
    else:
        where = ""
    author = rng.choice(AUTHORS)
    photographer = rng.choice(PHOTOGRAPHERS)
    if inject == "credit-variant" and rng.random() < 0.5:
        author = slip(author, rng)
        injected.append((author, "credit-variant"))
    elif inject == "credit-variant":
        photographer = slip(photographer, rng)
        injected.append((photographer, "credit-variant"))
    headline = f"{headline_name} Says {rng.choice(('Talks Will Go On', 'Deal Is Close', 'Vote Can Wait'))}"
    lines = [headline, ""]
    for title, name in people:
        if title.endswith("President") and rng.random() < 0.2:
            title = f"U.S. {title}"  # now and then, as wire copy has it
        sentence = rng.choice(SENTENCES).format(t=title, n=name, day=rng.choice(DAYS))
        lines += [f"{sentence} {rng.choice(FOLLOW).format(s=name.split()[-1])}", ""]
    lines += [f"Sen. {senator}, {state}, said the vote was a test of the party's unity.", ""]
    if rng.random() < 0.4:
        lines += [rng.choice(PASSING), ""]
    captioned = next((w for w, k in injected if where == "caption"), lead)
    lines.append(caption(f"{captioned} speaks to reporters.", photographer, rng))
    body = "\n".join(lines)
    return f"---\ntitle: {headline}\ndate: {date.isoformat()}\nauthor: {author}\n---\n{body}\n", injected


def caption(words: str, photographer: str, rng: random.Random) -> str:
    """A photo caption as scraped pages give it, in one of three layouts."""
    credit = f"{photographer}/{rng.choice(('AP', 'Getty Images'))}"
    return rng.choice((
        f"Enlarge this image toggle caption {words} {credit}",
        f"{words} {credit} hide caption toggle caption {credit}",
        f"Enlarge this image toggle caption {credit} {credit} {words}",
    ))


def write_archive(folder: Path, stories: int, seed: int) -> list[Label]:
    rng = random.Random(seed)
    labels = []
    for i in range(stories):
        inject = rng.choice(KINDS) if i % 8 == 4 else None  # one story in eight, none in the first month
        text, injected = story(i, rng, inject)
        path = folder / f"{i:04d}.md"
        path.write_text(text, encoding="utf-8")
        labels += [Label(str(path), found, kind) for found, kind in injected]
    return labels


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stories", type=int, default=240)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", type=Path, help="write the archive here (else a temporary folder)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        labels = write_archive(folder, args.stories, args.seed)
        rules = load_rules()
        result = check_paths([str(folder)], rules, lambda: load_model(rules.settings.model))
        # a finding on the slip's surname alone (a second reference) is on the slip too
        wanted = {(lb.path, text) for lb in labels for text in (lb.found, lb.found.split()[-1])}
        found = {(f.file, f.found) for f in result.findings}
        false = [f for f in result.findings if (f.file, f.found) not in wanted]
        print(f"{args.stories} stories, {len(labels)} injected, {len(result.findings)} findings")
        hits = [lb for lb in labels if (lb.path, lb.found) in found or (lb.path, lb.found.split()[-1]) in found]
        for kind in KINDS:
            print(f"  {kind}: recall {sum(lb.kind == kind for lb in hits)}/{sum(lb.kind == kind for lb in labels)}")
        precision = 1 - len(false) / max(1, len(result.findings))
        print(f"precision {precision:.3f} (of findings), recall {len(hits) / max(1, len(labels)):.3f}, false {len(false)}")
        for f in false:
            print(f"  false: {f.rule} {Path(f.file).name}:{f.line} {f.found!r} ({f.expected!r})")
        for lb in labels:
            if lb not in hits:
                print(f"  missed: {lb.kind} {Path(lb.path).name} {lb.found!r}")
        counts = Counter(f.rule for f in false)
        if counts:
            print("false by rule: " + ", ".join(f"{r} {n}" for r, n in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
