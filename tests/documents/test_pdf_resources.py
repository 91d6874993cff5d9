"""Stories of templates that try to pull files of the machine (or of the network) into a PDF
letter: whatever the spelling of the URL and whichever element asks for it, WeasyPrint gets
only the files of the template folders and ``data:`` URLs; anything else stops the letter
with a one-line template error naming the URL, and no PDF holds the file."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from conftest import START, Cli
from pypdf import PdfReader
from support.cases import open_case
from support.templates import office_receipt

from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.render.pdf import WeasyPrintRenderer
from mediation.render.resources import ResourceRefused, allowed_file

SECRET = "TOP-SECRET-7f3a"
# a 1×1 red PNG
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQ"
                       "IAX8jx0gAAAABJRU5ErkJggg==")


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """(a template folder holding a seal image and a note, a folder outside it holding a
    secret and the same image)."""
    allowed, outside = tmp_path / "templates", tmp_path / "elsewhere"
    for folder in (allowed, outside):
        folder.mkdir()
        (folder / "seal.png").write_bytes(PNG)
    (allowed / "note.txt").write_text("office note", encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (allowed / "link.txt").symlink_to(outside / "secret.txt")
    return allowed, outside


def page(body: str) -> str:
    return f'<html style="font-family: NanumGothic"><body><p>직인</p>{body}</body></html>'


def pdf_text_and_files(data: bytes, tmp_path: Path) -> tuple[str, dict[str, list[bytes]],
                                                             int]:
    """The text, the attachments and the number of images of a PDF."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    text = "".join(p.extract_text() for p in reader.pages)
    images = sum(1 for p in reader.pages
                 for x in p["/Resources"].get("/XObject", {}).values()
                 if x.get_object().get("/Subtype") == "/Image")
    return text, dict(reader.attachments), images


def spellings(outside: Path, allowed: Path) -> list[str]:
    secret = outside / "secret.txt"
    quoted = str(secret).replace("/", "/%2e/", 1).replace("secret", "%73ecret")
    return [
        f"file://{secret}", f"file:{secret}", f"FILE://{secret}", f"File:{secret}",
        f"file:///{secret}", f"file://localhost{secret}", f"file://{quoted}",
        f"file://{allowed}/../elsewhere/secret.txt", f"file://{allowed}/link.txt",
        f"file://{secret}?x#y", "http://127.0.0.1:9/secret.txt", "https://example.org/secret.txt",
        "ftp://127.0.0.1/secret.txt", "gopher://127.0.0.1/secret.txt",
    ]


@pytest.mark.parametrize("n", range(14))
def test_no_spelling_of_a_url_pulls_a_file_outside_the_template_folders(
        folders: tuple[Path, Path], n: int) -> None:
    # Given a letter whose HTML attaches a file outside the template folders
    allowed, outside = folders
    url = spellings(outside, allowed)[n]
    renderer = WeasyPrintRenderer([allowed])
    # When it is written as a PDF
    with pytest.raises(ResourceRefused) as caught:
        renderer.render(page(f'<link rel="attachment" href="{url}">'))
    # Then the letter is refused on one line naming what it asked for
    message = caught.value.message("en")
    assert "may not fetch" in message and "\n" not in message
    assert url.split("?")[0][:40] in message
    assert caught.value.exit_code == 2
    assert caught.value.message("ko").startswith("템플릿 오류")


@pytest.mark.parametrize("url", ["../elsewhere/secret.txt", "secret.txt", "//secret.txt"])
def test_a_relative_url_is_never_fetched(folders: tuple[Path, Path], tmp_path: Path,
                                         url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a letter attaching a relative URL (letters are rendered without a base URL)
    allowed, outside = folders
    monkeypatch.chdir(outside)  # where a relative path would find the secret
    # When it is written as a PDF
    pdf = WeasyPrintRenderer([allowed]).render(page(f'<link rel="attachment" href="{url}">'
                                                    f'<img src="{url}">'))
    # Then nothing was fetched: the PDF holds neither the file nor an attachment
    text, attachments, images = pdf_text_and_files(pdf.data, tmp_path)
    assert attachments == {} and images == 0
    assert SECRET not in text and SECRET.encode() not in pdf.data


ELEMENTS = {
    "attachment link": '<link rel="attachment" href="{url}">',
    "attachment anchor": '<a rel="attachment" href="{url}">첨부</a>',
    "image": '<img src="{url}">',
    "object": '<object data="{url}" type="image/png"></object>',
    "style sheet": '<link rel="stylesheet" href="{url}">',
    "css url()": '<p style="background-image: url(\'{url}\')">배경</p>',
    "css @import": '<style>@import url("{url}");</style>',
    "css @font-face": ('<style>@font-face {{ font-family: X; src: url("{url}"); }}'
                       ' p {{ font-family: X }}</style>'),
    "svg inside a data: image": (
        '<img src="data:image/svg+xml;base64,{svg}">'),
}


@pytest.mark.parametrize("element", list(ELEMENTS))
def test_no_element_of_a_letter_pulls_a_file_outside_the_template_folders(
        folders: tuple[Path, Path], element: str) -> None:
    # Given a letter that asks for the secret file through one kind of element
    allowed, outside = folders
    url = f"file:{outside}/secret.txt"
    svg = base64.b64encode(
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="10" height="10"><image xlink:href="{url}" href="{url}" width="10"'
        f' height="10"/></svg>'.encode()).decode()
    html = page(ELEMENTS[element].format(url=url, svg=svg))
    # When it is written as a PDF
    # Then the letter is refused, naming the URL
    with pytest.raises(ResourceRefused, match=r"secret\.txt"):
        WeasyPrintRenderer([allowed]).render(html)


def test_the_template_folders_own_files_and_data_urls_are_still_used(
        folders: tuple[Path, Path], tmp_path: Path) -> None:
    # Given a letter with the office's seal image, a note attached from the template
    # folder (spelled file: and FILE://) and an inline data: image
    allowed, _ = folders
    data_png = "data:image/png;base64," + base64.b64encode(PNG).decode()
    html = page(f'<img src="file:{allowed}/seal.png" style="width:20px">'
                f'<img src="{data_png}" style="width:20px">'
                f'<link rel="attachment" href="FILE://{allowed}/note.txt">')
    # When it is written as a PDF
    pdf = WeasyPrintRenderer([allowed]).render(html)
    # Then both images and the attachment are in it
    text, attachments, images = pdf_text_and_files(pdf.data, tmp_path)
    assert "직인" in text
    assert images == 2
    assert attachments == {"note.txt": [b"office note"]}


def test_allowed_file_resolves_links_and_dots_before_deciding(
        folders: tuple[Path, Path]) -> None:
    allowed, _ = folders
    assert allowed_file(f"file:{allowed}/seal.png", [allowed]) == allowed / "seal.png"
    assert allowed_file(f"FILE:///{allowed}/./seal.png", [allowed]) == allowed / "seal.png"
    for url in (f"file:{allowed}/link.txt", f"file:{allowed}/../elsewhere/seal.png",
                f"file://otherhost{allowed}/seal.png", f"file:{allowed}/missing.png",
                f"file:{allowed}/seal.png%00.txt", "file:seal.png", f"http:{allowed}/seal.png"):
        assert allowed_file(url, [allowed]) is None, url


def test_a_device_inside_the_template_folder_is_not_read(folders: tuple[Path, Path]) -> None:
    # Given a FIFO in the template folder (it would block a reader forever)
    allowed, _ = folders
    os.mkfifo(allowed / "pipe.png")
    # When a letter asks for it, Then it is refused instead of hanging
    with pytest.raises(ResourceRefused, match=r"pipe\.png"):
        WeasyPrintRenderer([allowed]).render(page(f'<img src="file:{allowed}/pipe.png">'))


def test_an_office_template_attaching_a_local_file_writes_no_letter(
        app: App, cli: Cli, clock: FrozenClock, tmp_path: Path) -> None:
    # Given an office override template that attaches /etc/passwd
    folder = office_receipt(tmp_path, "<link rel=attachment href=file:/etc/passwd>")
    number = open_case(app, clock, START, parties=1)
    # When the receipt notice is written as a PDF
    result = cli("letter", "render", number, "receipt", "--party", "1", "--format", "pdf",
                 "--json", user="kim", MEDIATION_TEMPLATES_DIR=str(folder))
    # Then it is refused on one line naming the template and the file, with exit 2
    assert result.code == 2, result
    error = result.err.strip().splitlines()[-1]  # (after the example office's warning)
    assert "letters/ko/receipt.j2" in error and "file:/etc/passwd" in error
    assert "템플릿 오류" in error and "Traceback" not in result.err
    # And no PDF was written, and the number it took is void
    assert not list((tmp_path).rglob("*.pdf"))
    listed = json.loads(cli("letter", "list", number, "--json").out)
    assert [d["status"] for d in listed] == ["void"]
