"""Page furniture and other languages: Title Case and ALL CAPS headlines, photo captions,
and articles written in another language than the model's."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES, write
from copydesk import cli, nlp as nlp_module
from copydesk.casing import is_shouted, model_text
from copydesk.ingest import ArticleError, read_article, read_checked
from copydesk.language import detect, foreign
from copydesk.model import Mention
from copydesk.patterns import unwrap
from copydesk.pipeline import CheckResult, check_paths
from copydesk.rules import RuleSet

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

BODY = (
    "WARSAW -- Senator Halvard Quist said on Tuesday he would fight the tax plan of\n"
    "Governor Teodor Brenneck. Allies of Brenneck said the plan was fair. NATO officials\n"
    "declined to comment.\n"
)


# -- what the model reads of a headline ------------------------------------------------


def test_title_case_headline_is_read_in_sentence_case_with_the_names_kept() -> None:
    text = "Senator Vows To Fight Tax Plan, Blames Brenneck Allies\n\n" + BODY
    seen = model_text(text)
    assert seen.split("\n")[0] == "Senator vows to fight tax plan, blames Brenneck allies"
    assert seen.split("\n")[2:] == text.split("\n")[2:]  # the body is untouched
    assert len(seen) == len(text)


def test_all_caps_headline_keeps_acronyms_and_gives_names_their_capital() -> None:
    text = "SENATOR VOWS TO FIGHT NATO TAX, BLAMES BRENNECK\n\n" + BODY
    assert model_text(text).split("\n")[0] == "Senator vows to fight NATO tax, blames Brenneck"


def test_headline_verbs_rarer_than_names_are_lower_cased_by_their_stem() -> None:
    # "deepens" is rarer in English than many surnames; "deepen" is not, and the body
    # writes "ousted" in lower case
    text = "Tax Chaos Deepens As Allies Oust Brenneck's Aides\n\n" + BODY + "He was ousted in May.\n"
    assert model_text(text).split("\n")[0] == "Tax chaos deepens as allies oust Brenneck's aides"


def test_markdown_heading_marks_are_hidden_from_the_model() -> None:
    text = "# Senator Vows To Fight Tax Plan\n\n" + BODY
    assert model_text(text).split("\n")[0] == "  Senator vows to fight tax plan"


@pytest.mark.parametrize(
    "line",
    [
        "Ad sales boost Time Warner profit",  # sentence case: left alone
        "By Ilse Marwood and Tavin Oduya",  # a byline is names
        "Halvard Quist",  # an author box
        "Henrike Vollrath, Dagmar Ostholt, Jurek Pawlikowski, Wiebke Scholtyssek",  # a list of names
        "The Senator Said He Would Fight The Plan.",  # a sentence, not a headline
    ],
)
def test_lines_that_are_no_title_case_headline_are_left_alone(line: str) -> None:
    text = line + "\n\n" + BODY
    assert model_text(text) == text


@pytest.mark.parametrize(
    ("headline", "seen"),
    [
        ("Brenneck Ready for Criticism", "Brenneck ready for criticism"),
        ("# Harbour Economy Rebounds", "  Harbour economy rebounds"),
    ],
)
def test_a_short_title_case_headline_on_the_first_line_is_read_in_sentence_case(headline: str, seen: str) -> None:
    # a headline's place makes two capitalised words after the first enough; elsewhere
    # a line so short is told from a name only with three
    body = "Teodor Brenneck said he was ready for criticism as the harbour economy rebounds and grew.\n"
    assert model_text(f"{headline}\n\n{body}").split("\n")[0] == seen
    assert model_text(f"Intro line.\n\n{headline}\n\n{body}").split("\n")[2] == headline.replace("#", " ")


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        # a subhead in capitals on its paragraph's line: a paragraph break, same length
        ("Exports fell, he said. LIMITED ROOM Tarjei Brensholm agreed.", "Exports fell, he said. " + " " * 11 + "\n\nTarjei Brensholm agreed."),
        ('Exports fell," he said. ON EASING PATH The bank', 'Exports fell," he said. ' + " " * 13 + "\n\nThe bank"),
        # capitals that are no subhead: one word, a dateline, mid-sentence
        ("Exports fell. IMF staff agreed.", "Exports fell. IMF staff agreed."),
        ("Exports fell.\nNEW YORK (Reuters) - Shares rose.", "Exports fell.\nNEW YORK (Reuters) - Shares rose."),
        ("Shares of BIG RIVER Holdings rose.", "Shares of BIG RIVER Holdings rose."),
    ],
)
def test_a_subhead_run_into_its_paragraph_is_read_apart(text: str, seen: str) -> None:
    assert model_text(text) == seen


@pytest.mark.parametrize(
    ("text", "seen"),
    [  # a transcript's speaker labels in capitals: as names are written, same length
        ("TARJEI BRENSHOLM, BYLINE: The vote is close.", "Tarjei Brensholm, Byline: The vote is close."),
        ("SENATOR HALVARD QUIST: We are not there yet.", "Senator Halvard Quist: We are not there yet."),
        # one word, or capitals that open no label
        ("NOTE: The vote is close.", "NOTE: The vote is close."),
        ("QUIST: We are not there yet.", "QUIST: We are not there yet."),
        ("The NATO SUMMIT: a preview.", "The NATO SUMMIT: a preview."),
    ],
)
def test_a_transcripts_speaker_label_is_read_as_a_name(text: str, seen: str) -> None:
    assert model_text(text) == seen


def test_a_correspondents_name_misspelt_in_a_transcript_label_is_found(
    nlp: Language, default_rules: RuleSet, tmp_path: Path
) -> None:
    for day, correspondent in (("2024-03-04", "TARJEI BRENSHOLM"), ("2024-03-07", "TARJEI BRENSHOLM"), ("2024-03-11", "TARJEI BRENSOLM")):
        write(tmp_path, f"{day}.md", (
            f"---\ntitle: Harbour Vote Nears\ndate: {day}\n---\n\nRENSKE ALBRECHT, HOST:\n\n"
            "The harbour bill comes to a vote this week.\n\n"
            f"{correspondent}, BYLINE: Senator Halvard Quist says he has the votes.\n\n"
            "HALVARD QUIST: We are nearly there.\n"
        ))
    result = check_paths([str(tmp_path)], default_rules, nlp)
    assert [(f.found, f.expected) for f in result.findings] == [("TARJEI BRENSOLM", "TARJEI BRENSHOLM")]
    labels = {m.text: m.source for ms in result.mentions.values() for m in ms if m.label == "PERSON"}
    assert labels["RENSKE ALBRECHT"] == "credit" and labels["TARJEI BRENSHOLM"] == "credit"


def test_shouted_lines() -> None:
    assert is_shouted("Senator Vows To Fight Tax Plan")
    assert is_shouted("TAX PLAN CLEARS COMMITTEE AS QUIST WALKS OUT")
    assert not is_shouted("Senator vows to fight tax plan")
    assert not is_shouted("Tax Plan")  # too short to tell from a name


# -- the Markdown and HTML fixtures ---------------------------------------------------


@pytest.fixture(scope="module")
def furniture(check_scenario: Callable[[str], CheckResult]) -> CheckResult:
    return check_scenario("headlines-and-captions")


def people(result: CheckResult, name: str) -> list[Mention]:
    path = next(p for p in result.mentions if Path(p).name == name)
    return [m for m in result.mentions[path] if m.label == "PERSON"]


@pytest.mark.parametrize(
    "name", ["2025-03-04-senate-tax.md", "2025-03-06-tax-vote.md", "2025-03-09-brenneck-tour.html"]
)
def test_no_headline_or_caption_word_joins_a_name(furniture: CheckResult, name: str) -> None:
    furniture_words = {"vows", "fight", "blames", "allies", "takes", "mocks", "walkout", "tax", "photo",
                       "enlarge", "image", "toggle", "caption", "getty", "images", "ap", "reuters"}
    for m in people(furniture, name):
        words = {w.strip("/()'’s").lower() for w in m.text.split()}
        assert not words & furniture_words, m


def test_headline_names_are_the_people_of_the_story(furniture: CheckResult) -> None:
    first = people(furniture, "2025-03-04-senate-tax.md")
    assert [m.text for m in first if m.line == 7] == ["Brenneck"]
    tour = people(furniture, "2025-03-09-brenneck-tour.html")
    assert {m.text for m in tour} == {"Brenneck", "Quist", "Teodor Brenneck", "Halvard Quist"}


def test_photographers_in_captions_and_the_front_matter_author_are_credits(furniture: CheckResult) -> None:
    credits = [m for name in ("2025-03-04-senate-tax.md", "2025-03-06-tax-vote.md")
               for m in people(furniture, name) if m.source == "credit"]
    assert {m.text for m in credits} == {"Tavin Oduya", "Renske Albrecht", "Ilse Marwood"}
    assert {m.line for m in credits if m.text == "Ilse Marwood"} == {4}  # the front matter's author line


def test_headlines_and_captions_give_no_finding(furniture: CheckResult) -> None:
    assert furniture.findings == []


def test_front_matter_author_written_as_a_byline_is_the_name() -> None:
    article = read_article(str(ARTICLES / "headlines-and-captions" / "2025-03-04-senate-tax.md"), [])
    assert article.byline == ("Ilse Marwood",)
    assert article.title == "Senator Vows To Fight Tax Plan, Blames Brenneck Allies"
    assert str(article.date) == "2025-03-04"


@pytest.mark.parametrize(
    "field",
    ['author: "Ilse Marwod"', "author: By Ilse Marwod", "authors: [Ilse Marwod, Jun Akiyama]",
     "authors:\n  - Jun Akiyama\n  - Ilse Marwod"],
)
def test_reporter_misspelt_in_the_front_matter_is_flagged_there(
    tmp_path: Path, nlp: Language, default_rules: RuleSet, field: str
) -> None:
    # the author field is the byline of a Markdown article: a credit like any other
    body = "Councillor Tomasz Wierzbicki backed the ferry plan on {day}, and Mayor Ada Lindqvist agreed.\n"
    for n, day in enumerate(("Monday", "Tuesday")):
        write(tmp_path, f"a{n}.md", f"---\ntitle: Ferry plan\nauthor: Ilse Marwood\n---\n\n{body.format(day=day)}")
    draft = tmp_path / "draft.md"
    write(tmp_path, "draft.md", f"---\ntitle: Ferry plan\n{field}\n---\n\n{body.format(day='Friday')}")
    result = check_paths([str(tmp_path)], default_rules, lambda: nlp)
    lines = draft.read_text(encoding="utf-8").split("\n")
    line = next(i for i, ln in enumerate(lines, 1) if "Marwod" in ln)
    assert [(Path(f.file).name, f.line, f.column, f.found, f.expected) for f in result.findings] == [
        ("draft.md", line, lines[line - 1].index("Ilse Marwod") + 1, "Ilse Marwod", "Ilse Marwood")
    ]


def test_reporter_misspelt_in_a_pages_byline_is_flagged_there(tmp_path: Path, nlp: Language, default_rules: RuleSet) -> None:
    # trafilatura drops a page's "By ..." line as furniture; it is the story's credit
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Ferry Plan | The Chronicle</title></head><body>\n'
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>\n<main><article>\n<h1>Ferry Plan Clears Hurdle</h1>\n'
        '<p class="byline">By {author}</p>\n'
        "<p>Councillor Tomasz Wierzbicki backed the ferry plan on {day}, and Mayor Ada Lindqvist agreed. "
        "The council will vote again next month after a second reading.</p>\n"
        "<p>The ferry would run twice a day between the two harbours, the council said.</p>\n"
        "</article></main>\n<footer><p>&copy; 2026 The Chronicle.</p></footer>\n</body></html>\n"
    )
    for n, day in enumerate(("Monday", "Tuesday")):
        write(tmp_path, f"a{n}.html", page.format(author="Ilse Marwood", day=day))
    write(tmp_path, "draft.html", page.format(author="Ilse Marwod", day="Friday"))
    result = check_paths([str(tmp_path)], default_rules, lambda: nlp)
    assert [(Path(f.file).name, f.line, f.column, f.found, f.expected) for f in result.findings] == [
        ("draft.html", 6, len('<p class="byline">By ') + 1, "Ilse Marwod", "Ilse Marwood")
    ]


def test_name_in_a_headline_is_trimmed_to_the_words_the_story_writes(
    tmp_path: Path, nlp: Language, default_rules: RuleSet
) -> None:
    # "Walkout" is rare enough to keep its capital in the headline, and the model joins
    # it to the senator's name; the story writes "Quist", never "Walkout"
    path = write(tmp_path, "tour.txt", (
        "Brenneck Takes Tax Plan On The Road, Mocks Quist Walkout\n\n"
        "Governor Teodor Brenneck took his tax plan to three towns on Sunday, a day after Senator "
        "Halvard Quist promised to fight it in the full senate.\n\n"
        '"The senator walked out because he had no votes," Brenneck told a crowd. Quist did not reply.\n'
    ))
    result = check_paths([str(path)], default_rules, lambda: nlp)
    assert [m.text for m in result.mentions[str(path)] if m.line == 1] == ["Brenneck", "Quist"]


def test_caption_furniture_is_blanked_keeping_offsets(tmp_path: Path) -> None:
    text = ("Quist speaks\n\nEnlarge this image toggle caption Tavin Oduya/AP\n"
            "Image source, Getty Images\n(Photo by Renske Albrecht/Getty Images)\n")
    article = read_article(str(write(tmp_path, "story.txt", text)), [])
    assert len(article.text) == len(text)
    lines = article.text.split("\n")
    assert lines[2].strip() == "Tavin Oduya/AP"
    assert lines[3].strip() == ""
    assert lines[4].rstrip() == "(Photo by Renske Albrecht/            )"
    assert article.text.index("Tavin") == text.index("Tavin")


# -- other languages ----------------------------------------------------------------------


def test_german_articles_are_skipped_with_one_line_each(nlp: Language, default_rules: RuleSet) -> None:
    result = check_paths([str(ARTICLES / "other-language")], default_rules, nlp)
    assert sorted(Path(p).name for p in result.articles) == ["nursery-names.txt", "nursery-plans.txt"]
    assert sorted(result.problems) == [
        f"{ARTICLES / 'other-language' / name}: written in German (de), not checked"
        for name in ("kita-ausbau.txt", "kita-kritik.txt")
    ]
    assert result.findings == []  # "Einrichtung" / "Einrichtungen" are not two spellings of a name


def test_with_no_languages_set_every_article_is_checked(nlp: Language, default_rules: RuleSet) -> None:
    rules = dataclasses.replace(default_rules, settings=default_rules.settings.model_copy(update={"languages": []}))
    result = check_paths([str(ARTICLES / "other-language")], rules, nlp)
    assert len(result.articles) == 4 and result.problems == []


def test_the_cli_says_which_language_it_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], nlp: Language
) -> None:
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)
    monkeypatch.chdir(tmp_path)
    folder = ARTICLES / "other-language"
    code = cli.main(["check", str(folder / "kita-ausbau.txt"), str(folder / "nursery-plans.txt"), "-o", "r.csv", "--no-cache", "-q"])
    err = capsys.readouterr().err
    assert err == f"copydesk: skipped {folder / 'kita-ausbau.txt'}: written in German (de), not checked\n"
    assert code == 0


@pytest.mark.parametrize(
    "text",
    [
        # full of foreign names: the detector reads only the words without a capital
        "Henrike Vollrath, Dagmar Ostholt, Jurek Pawlikowski, Wiebke Scholtyssek, Grzegorz Wachowiak, "
        "Malgorzata Jankowska, Wojciech Mazurkiewicz and Joanna Krawczyk met Teodor Brenneck in Gdansk "
        "on Tuesday. Jan Kowalczyk is a correspondent in Warsaw.",
        "Quist walks out.",  # short
        "Reporting by Jurek Pawlikowski and Grzegorz Wachowiak in Szczecin; Editing by Wiebke Scholtyssek",
    ],
)
def test_english_that_is_short_or_full_of_names_is_never_skipped(text: str) -> None:
    assert foreign(text, ["en"], 0.9) is None


def test_french_is_detected() -> None:
    text = ("Le conseil municipal a annoncé lundi que le nouveau centre ouvrira ses portes à l'automne. "
            "La maire a déclaré que les équipements de la ville étaient saturés depuis des années.")
    assert detect(text)[0] == "fr"
    assert foreign(text, ["en"], 0.9) == "written in French (fr), not checked"
    assert foreign(text, ["en", "fr"], 0.9) is None


def test_read_checked_raises_for_a_foreign_article(default_rules: RuleSet) -> None:
    path = str(ARTICLES / "other-language" / "kita-kritik.txt")
    with pytest.raises(ArticleError, match="kita-kritik.txt: written in German"):
        read_checked(path, default_rules)


@pytest.mark.corpus
def test_no_article_of_the_labelled_sets_is_skipped_as_foreign(default_rules: RuleSet) -> None:
    folders = [SHARED / s for s in ("seeds", "dev-labeled", "train-labeled", "wire-labeled")]
    if not all(f.is_dir() for f in folders):
        pytest.skip("../shared/corpus not found")
    settings = default_rules.settings
    skipped = [
        str(p) for f in folders for p in sorted(f.rglob("*.txt"))
        if foreign(p.read_text(encoding="utf-8"), settings.languages, settings.language_confidence)
    ]
    assert skipped == []


def test_plain_english_is_passed_without_loading_the_detector() -> None:
    # the detector's model takes about a second to load: a hook checking one English
    # article must not pay for it
    from copydesk import language

    language._identifier.cache_clear()
    prose = ("The harbour master said the ferries would sail again on Monday after the strike ended, "
             "and the union said that it was pleased with the deal which the council had asked for. ") * 2
    assert language.foreign(prose, ["en"], 0.9) is None
    assert language._identifier.cache_info().currsize == 0
    german = ("Die Einrichtung wurde im Jahr eröffnet und hat seitdem viele neue Plätze geschaffen, "
              "sagte die Leiterin der Behörde am Montag bei einem Besuch der neuen Räume. ") * 2
    assert language.foreign(german, ["en"], 0.9) == "written in German (de), not checked"


def test_a_paragraph_with_no_stop_is_given_one_where_the_model_reads_it() -> None:
    text = "# Carmaker Names Chief\n\nThe carmaker has a new boss.\n\nPhoto: Tavin Oduya/AP\n\nRenata Solberg said so\nlast week.\n"
    seen = unwrap(text)
    assert len(seen) == len(text)
    assert seen.split("\n") == [
        "  Carmaker Names Chief.",  # a headline's paragraph: its break made a stop
        "The carmaker has a new boss.",  # a stop already: left alone
        "",
        "Photo: Tavin Oduya/AP.",  # a caption's
        "Renata Solberg said so last week.",  # the break inside a paragraph a space
        "",
    ]


def test_a_front_matter_title_is_given_a_stop_where_the_model_reads_it() -> None:
    # its closing quote blanked, the blanked front matter after it: a line that ends in spaces
    text = '   \n        Carmaker Names Chief \n                \n   \n\nRenata Solberg said so.\n'
    seen = unwrap(text)
    assert len(seen) == len(text)
    assert seen.split("\n")[1] == "        Carmaker Names Chief."  # the stop where the closing quote was
    assert seen.endswith("\n\nRenata Solberg said so.\n")  # lines of spaces break paragraphs as empty ones do


@pytest.mark.parametrize(
    ("caption", "name"),
    [("Enlarge this image toggle caption Tavin Oduya/AP", "Renata Solberg"), ("Tavin Oduya/Getty Images", "Bertil Ansgard")],
)
def test_a_caption_does_not_run_into_the_name_that_opens_the_next_paragraph(
    caption: str, name: str, nlp: Language, default_rules: RuleSet, tmp_path: Path
) -> None:
    body = f"{name} has replaced Olek Demmer as chief executive of the carmaker, with Mr Demmer leaving.\n"
    write(tmp_path, "a.md", f"# Carmaker Names New Chief\n\nThe carmaker has a new boss.\n\n{caption}\n\n{body}")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    assert name in {m.text for ms in result.mentions.values() for m in ms if m.label == "PERSON"}


def test_a_photographers_name_misspelt_in_a_scraped_caption_is_found(
    nlp: Language, default_rules: RuleSet, tmp_path: Path
) -> None:
    # the page's caption: its text, the credit, "hide caption toggle caption", the credit again
    stories = [
        ("2024-03-04", "Quist Wins Vote On Harbour Bill", "Senator Halvard Quist won the harbour vote on Monday.", "Tavin Oduya"),
        ("2024-03-07", "Brenneck Signs Harbour Bill", "Governor Teodor Brenneck signed the harbour bill on Thursday.", "Tavin Oduya"),
        ("2024-03-11", "Harbour Works Begin In Spring", "Work on the harbour will begin in April, Halvard Quist said.", "Tavin Oduya"),
        ("2024-03-14", "Brenneck Names Harbour Board", "Teodor Brenneck named five people to the harbour board.", "Tavin Oduyo"),
    ]
    for day, headline, body, photographer in stories:
        caption = f"{body.split(' on ')[0]}. {photographer}/AP hide caption toggle caption {photographer}/AP"
        write(tmp_path, f"{day}.md", f"---\ntitle: {headline}\ndate: {day}\n---\n\n{headline}\n\nEnlarge this image {caption}\n\n{body}\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    # both credits of the last story, and nothing else
    assert [(f.found, f.expected, f.line) for f in result.findings] == [("Tavin Oduyo", "Tavin Oduya", 8)] * 2


def test_a_name_misspelt_in_a_front_matter_title_alone_is_found_on_its_line(
    nlp: Language, default_rules: RuleSet, tmp_path: Path
) -> None:
    for day in ("2024-03-04", "2024-03-05", "2024-03-06"):
        write(tmp_path, f"{day}.md", f"---\ntitle: Whitfield Names Cabinet Pick\ndate: {day}\n---\n\n"
                                     "President Rosa Whitfield named a new cabinet member on Monday, aides said.\n")
    write(tmp_path, "title-only.md", '---\ntitle: "Whitfeld Signs Budget Deal"\ndate: 2024-03-08\n---\n\n'
                                     "President Rosa Whitfield signed the budget on Monday.\n")
    write(tmp_path, "repeated.md", "---\ntitle: Whitfeld Signs Budget Deal\ndate: 2024-03-08\n---\n\n# Whitfeld Signs Budget Deal\n\n"
                                   "President Rosa Whitfield signed the budget on Monday.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    assert sorted((Path(f.file).name, f.line, f.found) for f in result.findings) == [
        ("repeated.md", 6, "Whitfeld"), ("title-only.md", 2, "Whitfeld")  # each once
    ]
