"""Stories of real PDFs written by WeasyPrint: the Korean text is really there (extracted
with pypdf), a Korean font is embedded, pages are A4 and numbered, and without a Korean
font the renderer refuses rather than print empty boxes."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader

from mediation.render.pdf import FontMissing, WeasyPrintRenderer, korean_fonts
from mediation.render.resources import ResourceRefused
from mediation.render.samples import sample_context
from mediation.render.templates import Templates
from mediation.workflow.dockinds import KINDS

A4 = (595.28, 841.89)
# a 1×1 red PNG
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQ"
                       "IAX8jx0gAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates(ROOT / "templates")


def pdf_of(templates: Templates, kind: str, lang: str, tmp_path: Path) -> PdfReader:
    html = templates.render(KINDS[kind], lang, "html", sample_context(kind, lang)).text
    pdf = WeasyPrintRenderer([ROOT / "templates"]).render(html)
    path = tmp_path / f"{kind}.{lang}.pdf"
    path.write_bytes(pdf.data)
    reader = PdfReader(path)
    assert len(reader.pages) == pdf.pages
    return reader


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """Base font name → whether its font program is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for desc in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                descriptor = desc.get("/FontDescriptor")
                if descriptor is not None:
                    d = descriptor.get_object()
                    found[str(font["/BaseFont"])] = any(
                        k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_a_korean_letter_pdf_holds_its_korean_text_case_and_document_number(
        templates: Templates, tmp_path: Path) -> None:
    # Given the sample invitation in Korean
    # When it is written as a PDF
    reader = pdf_of(templates, "invitation", "ko", tmp_path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Then its text, extracted back, is the Korean letter with its numbers
    squeezed = "".join(text.split())
    for expected in ("서울특별시", "갈등조정협의회참여요청", "회신기한:2026.12.24.까지", "끝.",
                     "서울특별시장", "2026-0042", "갈등조정담당관-2026-0107", "부분공개(6)"):
        assert expected in squeezed, expected


def test_the_pdf_embeds_a_korean_font(templates: Templates, tmp_path: Path) -> None:
    reader = pdf_of(templates, "receipt", "ko", tmp_path)
    fonts = fonts_of(reader)
    korean = {name: embedded for name, embedded in fonts.items() if "Nanum" in name}
    assert korean, f"no Korean font among {sorted(fonts)}"
    assert all(korean.values()), "the Korean font is referenced but not embedded"
    assert installed_family_in(korean)


def installed_family_in(names: dict[str, bool]) -> bool:
    families = {f.replace(" ", "") for f in korean_fonts()}
    return any(any(family in name for family in families) for name in names)


def test_pages_are_a4_and_numbered(templates: Templates, tmp_path: Path) -> None:
    # Given the agreement, which takes two pages
    reader = pdf_of(templates, "agreement", "ko", tmp_path)
    # Then every page is A4 and says which page of how many it is
    assert len(reader.pages) == 2
    for number, page in enumerate(reader.pages, 1):
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (
            round(A4[0], 1), round(A4[1], 1))
        assert f"{number} / 2" in page.extract_text()


def test_an_english_letter_pdf_keeps_korean_names_readable(
        templates: Templates, tmp_path: Path) -> None:
    reader = pdf_of(templates, "meeting_notice", "en", tmp_path)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Notice of a mediation council meeting" in text
    assert "홍길동" in text
    assert "8 Dec 2026, 14:30 to 16:30" in text


def test_without_a_korean_font_the_renderer_refuses_instead_of_printing_boxes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a fontconfig that knows no fonts at all
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>\n",
                    encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    # When a PDF is asked for
    with pytest.raises(FontMissing) as caught:
        WeasyPrintRenderer().render("<p>가나다</p>")
    # Then the refusal is one line that names the package to install
    message = caught.value.message("en")
    assert "fonts-nanum" in message and "\n" not in message


def test_only_files_inside_the_template_folders_can_be_pulled_into_a_pdf(tmp_path: Path) -> None:
    # Given the same image inside an allowed folder and outside it
    allowed, outside = tmp_path / "templates", tmp_path / "elsewhere"
    for folder in (allowed, outside):
        folder.mkdir()
        (folder / "seal.png").write_bytes(PNG)
    renderer = WeasyPrintRenderer([allowed])

    def images(folder: Path) -> int:
        html = (f'<html style="font-family: NanumGothic"><p>직인</p>'
                f'<img src="file://{folder}/seal.png" style="width:20px"></html>')
        path = tmp_path / f"{folder.name}.pdf"
        path.write_bytes(renderer.render(html).data)
        page = PdfReader(path).pages[0]
        xobjects = page["/Resources"].get("/XObject", {})
        return sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")

    # When each is referenced by a letter's HTML
    # Then the one inside the template folders is embedded, the other stops the letter
    # (tests/documents/test_pdf_resources.py tells the rest of that story)
    assert images(allowed) == 1
    with pytest.raises(ResourceRefused):
        images(outside)
    assert not (tmp_path / "elsewhere.pdf").exists()
