"""Tests of ``vnplan review``: the layout of overlapping spans, the rendered page (escaping, one
element set per fact), the site for a batch folder, and — in a real headless Chromium from
Debian's ``chromium`` package — highlights, panel clicks and a screenshot for every corpus plan.

Set ``VNPLAN_UPDATE_SCREENSHOT=1`` to write ``docs/review.png`` (the README's picture).
"""

from __future__ import annotations

import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handplan import LEGAL_TEXT, SCT, TARGET_TEXT, TEXT, hand_plan
from vnplan.cli import main
from vnplan.review import PlanCounts, render_plan, write_site
from vnplan.review.layout import Item, build_tree, walk
from vnplan.review.rrule_words import rrule_words

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


class DocText(HTMLParser):
    """The text inside ``<div id="doc">`` and, for each ``data-id``, the character ranges it covers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside, self.depth, self.pos = False, 0, 0
        self.chunks: list[str] = []
        self.stack: list[str | None] = []
        self.cover: dict[str, set[int]] = {}
        self.elements: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and a.get("id") == "doc":
            self.inside = True
        elif self.inside:
            self.depth += 1
            uid = a.get("data-id") if tag == "mark" else None
            self.stack.append(uid)
            if uid:
                self.elements[uid] = self.elements.get(uid, 0) + 1

    def handle_endtag(self, tag):
        if self.inside:
            if self.depth == 0:
                self.inside = False
            else:
                self.depth -= 1
                self.stack.pop()

    def handle_data(self, data):
        if self.inside:
            for uid in filter(None, self.stack):
                self.cover.setdefault(uid, set()).update(range(self.pos, self.pos + len(data)))
            self.chunks.append(data)
            self.pos += len(data)


def doc_text(html: str) -> DocText:
    p = DocText()
    p.feed(html)
    return p


# --- layout of overlapping spans --------------------------------------------------------------


def _parts(root):
    return [(p.item.uid, p.start, p.end) for p in walk(root) if p.item is not None]


def test_crossing_spans_split_the_shorter_one_at_the_boundary():
    # task [0, 20) and deadline [15, 30) cross: the deadline is cut at 20, both parts keep its uid
    root = build_tree(40, [Item("task", "t", 0, 20), Item("deadline", "d", 15, 30)])
    assert sorted(_parts(root)) == [("d", 15, 20), ("d", 20, 30), ("t", 0, 20)]
    inner = root.children[0].children[0]
    assert (inner.item.uid, inner.start, inner.end, inner.first) == ("d", 15, 20, True)
    assert root.children[1].first is False


def test_inner_spans_nest_and_identical_spans_nest_once_each():
    root = build_tree(30, [Item("quantity", "q", 5, 8), Item("target", "t", 2, 12), Item("task", "k", 2, 12)])
    # the longer-or-equal, earlier-given item is the outer one
    assert root.children[0].item.uid == "t"
    assert root.children[0].children[0].item.uid == "k"
    assert root.children[0].children[0].children[0].item.uid == "q"


def test_a_fact_covering_a_section_is_split_around_the_block():
    items = [Item("section", "s1", 10, 20, block=True), Item("task", "k", 5, 25)]
    root = build_tree(30, items)
    assert sorted(_parts(root)) == [("k", 5, 10), ("k", 10, 20), ("k", 20, 25), ("s1", 10, 20)]
    assert [c.item.uid for c in root.children] == ["k", "s1", "k"]  # the mark never wraps the section


def test_empty_and_out_of_range_spans_are_dropped():
    root = build_tree(10, [Item("task", "a", 3, 3), Item("task", "b", 8, 12)])
    assert root.children == []


def test_rrule_in_words():
    assert rrule_words("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25") == (
        "every year on day 25 of March, June, September and December")
    assert rrule_words("RRULE:FREQ=MONTHLY;BYMONTHDAY=16") == "every month on day 16"
    assert rrule_words("FREQ=WEEKLY;BYDAY=FR") == "every week on Friday"
    assert rrule_words(None) == ""


# --- the page ---------------------------------------------------------------------------------


def test_page_text_is_the_plan_text_and_each_fact_covers_its_span():
    plan = hand_plan()
    page = doc_text(render_plan(plan))
    assert "".join(page.chunks) == TEXT
    assert set(range(*plan.targets[0].span)) == page.cover["target-0"]
    assert "".join(TEXT[i] for i in sorted(page.cover["target-0"])) == TARGET_TEXT
    assert set(range(*plan.legal_refs[0].span)) == page.cover["legal_ref-0"]
    # an agency is one fact highlighted at each of its mentions (two for Sở Công Thương)
    assert page.elements["agency-1"] == 2
    assert "".join(TEXT[i] for i in sorted(page.cover["agency-1"])) == SCT + SCT
    kinds = {}
    for uid in page.cover:
        kinds[uid.rsplit("-", 1)[0]] = kinds.get(uid.rsplit("-", 1)[0], 0) + 1
    assert kinds == {"legal_ref": 1, "target": 1, "quantity": 1, "agency": 2, "task": 2, "deadline": 2}
    assert PlanCounts.of(plan).counts == {"task": 2, "target": 1, "quantity": 1, "agency": 2, "deadline": 2, "legal_ref": 1}


def test_document_text_and_fields_are_escaped():
    html = render_plan(hand_plan())
    assert "<b>&</b>" not in html
    assert "khá &lt;b&gt;&amp;&lt;/b&gt; tốt" in html
    assert "&lt;no parser&gt;" in html  # the warning
    facts = html.split('<script type="application/json" id="facts-data">', 1)[1].split("</script>", 1)[0]
    assert "<b>" not in facts  # tojson escapes < > & in the embedded JSON
    card = json.loads(facts)["target-0"]
    assert dict(card["fields"]) == {
        "comparator": "> (more than)", "value": "60 %", "change": "level", "year": "2025",
        "subject": "hợp tác xã đạt loại khá <b>&</b> tốt",
    }


def test_cards_name_roles_rules_and_owners():
    html = render_plan(hand_plan())
    facts = json.loads(html.split('id="facts-data">', 1)[1].split("</script>", 1)[0])
    d0 = dict(facts["deadline-0"]["fields"])
    assert d0["rule"] == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"
    assert d0["rule in words"] == "every year on day 15 of December"
    assert d0["owners"] == "Sở Tài chính"
    assert dict(facts["agency-1"]["fields"])["roles"] == "phối hợp (co-operates); chủ trì (leads)"
    assert dict(facts["task-0"]["fields"]) == {"lead": "Sở Tài chính", "partners": SCT,
                                               "deadline": "trước ngày 15/12 hằng năm"}
    assert facts["legal_ref-0"]["title"] == "Nghị quyết 20-NQ/TW"
    assert LEGAL_TEXT in html


def test_page_is_self_contained():
    html = render_plan(hand_plan())
    for needle in ("http://", "https://", "<link", "src="):
        assert needle not in html
    assert "<style>" in html and "vnplanGo" in html


def test_site_for_a_folder_with_a_bad_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").write_text(hand_plan().to_json(), encoding="utf-8")
    (out / "b.json").write_text(hand_plan(number="13/KH-UBND").to_json(), encoding="utf-8")
    (out / "broken.json").write_text('{"source": {', encoding="utf-8")
    (out / "manifest.jsonl").write_text('{"source": "x", "status": "ok"}\n', encoding="utf-8")
    report = write_site(out, tmp_path / "site")
    assert sorted(p.name for p in report.pages) == ["a.html", "b.html"]
    assert [w for w, _ in report.errors] == [str(out / "broken.json")]
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 3  # header + two plans
    assert 'href="a.html">12/KH-UBND' in index and 'href="b.html">13/KH-UBND' in index
    assert "broken.json" in index and "invalid JSON" in index


def test_cli_review_file_and_folder(tmp_path, capsys):
    src = tmp_path / "p.json"
    src.write_text(hand_plan().to_json(), encoding="utf-8")
    assert main(["review", str(src), "-o", str(tmp_path / "p.html")]) == 0
    assert "".join(doc_text((tmp_path / "p.html").read_text(encoding="utf-8")).chunks) == TEXT
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert main(["review", str(tmp_path), "-o", str(tmp_path / "site")]) == 1
    assert "bad.json: invalid JSON" in capsys.readouterr().err
    assert (tmp_path / "site" / "p.html").is_file()
    assert main(["review", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.html")]) == 1


# --- in a real browser ------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
)

COUNT_JS = """
const ids = {};
document.querySelectorAll('#doc mark[data-id]').forEach(m => {
  (ids[m.dataset.kind] = ids[m.dataset.kind] || new Set()).add(m.dataset.id); });
const out = {}; for (const k in ids) out[k] = ids[k].size; return out;
"""
PARTS_JS = """
const parts = Array.from(document.querySelectorAll('#doc mark[data-id="' + arguments[0] + '"]'));
const r = parts[0].getBoundingClientRect();
return {text: parts.map(p => p.textContent).join(''), top: r.top, bottom: r.bottom,
        height: window.innerHeight, flash: parts[0].classList.contains('flash')};
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download a driver
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,900", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def corpus_pages(tmp_path_factory):
    import vnplan

    if not CORPUS:
        pytest.skip("no corpus plans")
    outdir = tmp_path_factory.mktemp("review-pages")
    pages = []
    for f in CORPUS:
        plan = vnplan.parse_file(f)
        page = outdir / (f.stem + ".html")
        page.write_text(render_plan(plan), encoding="utf-8")
        pages.append((f.stem, plan, page))
    return pages


@needs_chromium
def test_highlights_per_kind_equal_the_plan_counts_on_every_corpus_plan(browser, corpus_pages):
    for stem, plan, page in corpus_pages:
        browser.get(page.as_uri())
        shown = browser.execute_script(COUNT_JS)
        expected = {k: n for k, n in PlanCounts.of(plan).counts.items() if n}
        assert shown == expected, stem


@needs_chromium
def test_clicking_the_first_target_scrolls_to_its_text(browser, corpus_pages):
    from selenium.webdriver.common.by import By

    checked = 0
    for stem, plan, page in corpus_pages:
        if not plan.targets:
            continue
        browser.get(page.as_uri())
        browser.find_element(By.CSS_SELECTOR, '#panel [data-go="target-0"]').click()
        got = browser.execute_script(PARTS_JS, "target-0")
        assert got["text"] == plan.quote(plan.targets[0].span), stem
        assert 0 <= got["top"] and got["bottom"] <= got["height"], stem  # in the viewport
        assert got["flash"], stem
        selected = browser.find_element(By.ID, "selected")
        assert selected.is_displayed() and plan.targets[0].unit in selected.text
        checked += 1
    assert checked >= 5


@needs_chromium
def test_tooltip_kind_toggle_and_screenshot(browser, corpus_pages, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    stem, plan, page = next(p for p in corpus_pages if p[0].startswith("003_"))
    browser.get(page.as_uri())
    box = browser.find_element(By.CSS_SELECTOR, '[data-toggle="quantity"]')
    box.click()
    assert "off-quantity" in browser.find_element(By.TAG_NAME, "body").get_attribute("class")
    box.click()
    assert "off-quantity" not in browser.find_element(By.TAG_NAME, "body").get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, '#panel [data-go="target-0"]').click()
    mark = browser.find_element(By.CSS_SELECTOR, '#doc mark[data-id="target-0"]')
    ActionChains(browser).move_to_element(mark).perform()
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed() and "comparator" in tip.text and plan.targets[0].unit in tip.text
    shot = tmp_path / "review.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    if os.environ.get("VNPLAN_UPDATE_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copy(shot, ROOT / "docs" / "review.png")


@needs_chromium
def test_index_page_sorts_by_a_column(browser, tmp_path):
    from selenium.webdriver.common.by import By

    out = tmp_path / "out"
    out.mkdir()
    for n in ("7/KH-UBND", "12/KH-UBND", "9/KH-UBND"):
        (out / f"p{n.split('/')[0]}.json").write_text(hand_plan(number=n).to_json(), encoding="utf-8")
    write_site(out, tmp_path / "site")
    browser.get((tmp_path / "site" / "index.html").as_uri())
    browser.find_elements(By.CSS_SELECTOR, "#plans th")[0].click()
    first_col = [r.find_elements(By.TAG_NAME, "td")[0].text
                 for r in browser.find_elements(By.CSS_SELECTOR, "#plans tbody tr")]
    assert first_col == ["7/KH-UBND", "9/KH-UBND", "12/KH-UBND"]  # numeric-aware order
