"""Stories of templates that try to make the machine build gigabytes before the time limit
fires: every way the sandbox offers to pad, repeat, format or join is refused at once, with
a template error naming the template — never a memory blow-up.

Each hostile template is rendered in a child process limited to 1 GB of address space and
30 seconds, so that a regression fails its test instead of taking the machine down."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from mediation.render.samples import sample_context
from mediation.render.templates import Templates
from mediation.workflow.dockinds import KINDS

ADDRESS_SPACE = 1 << 30
SECONDS = 30

CHILD = """
import json, sys, time
from pathlib import Path
from mediation.render.samples import sample_context
from mediation.render.templates import Limits, TemplateProblem, Templates
from mediation.workflow.dockinds import KINDS
override, shipped = Path(sys.argv[1]), Path(sys.argv[2])
templates = Templates(shipped, override, Limits(seconds=5))
start = time.monotonic()
try:
    templates.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))
    out = {"refused": False}
except TemplateProblem as exc:
    out = {"refused": True, "en": exc.message("en"), "ko": exc.message("ko"),
           "code": exc.exit_code}
out["seconds"] = time.monotonic() - start
print(json.dumps(out))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def render_in_child(tmp_path: Path, body: str) -> dict[str, object]:
    """Render the receipt notice with ``body`` as its content, in a memory-limited child."""
    path = tmp_path / "override" / "letters" / "ko" / "receipt.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{% extends layout %}{% set title = 'x' %}{% block content %}"
                    f"{body}{{% endblock %}}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "override"),
                             str(ROOT / "templates")], capture_output=True, text=True,
                            timeout=SECONDS, preexec_fn=_limit_memory, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    found: dict[str, object] = json.loads(result.stdout)
    return found


HOSTILE = [
    # % formats: the format filter, the % operator, widths from the arguments, mapping keys
    ("{{ '%*s'|format(2000000000, 'x') }}", "'*' width"),
    ("{{ '%s'|format('x') ~ '%*.*f'|format(5, 999999999, 1.0) }}", "'*' width"),
    ("{{ '%.999999999f'|format(1) }}", "format width 999999999"),
    ("{{ '%*s' % (999999999, 'x') }}", "'*' width"),
    ("{{ '%(a)0999999999d' % {'a': 1} }}", "format width 999999999"),
    # str.format and format_map, nested fields included
    ("{{ '{:>999999999}'.format('x') }}", "format width 999999999"),
    ("{{ '{:0999999999}'.format(1) }}", "format width 999999999"),
    ("{{ '{:{}}'.format('x', 10**9) }}", "format width 1000000000"),
    ("{{ '{0:{1}.{2}}'.format(1.5, 5, 10**9) }}", "format width 1000000000"),
    ("{{ '{x:>999999999}'.format_map({'x': 1}) }}", "format width 999999999"),
    ("{{ case.opened_at.strftime('%0999999999Y') }}", "format width 999999999"),
    # repetition, ranges, exponents
    ("{{ 'x' * 10**9 }}", "repetition"),
    ("{{ ['x'] * 10**9 }}", "repetition"),
    ("{{ range(10**9)|join }}", "range"),
    ("{{ 2 ** 100000000 }}", "exponent"),
    # padding and joining methods of texts and numbers
    ("{{ 'x'.ljust(999999999) }}", "width 999999999"),
    ("{{ 'x'.center(999999999) }}", "width 999999999"),
    ("{{ '1'.zfill(999999999) }}", "width 999999999"),
    ("{{ ('\t' * 100000).expandtabs(500) }}", "expandtabs"),
    ("{{ ('x' * 100000).join(range(100000)|map('string')) }}", "join"),
    ("{{ ('a' * 100000).translate({97: 'b' * 100000}) }}", "translate"),
    ("{{ (1).to_bytes(999999999, 'big') }}", "to_bytes"),
    # filters that take a width, a count or a separator
    ("{{ 'x'|center(999999999) }}", "'center' width"),
    ("{{ 'x'|indent(999999999) }}", "'indent' width"),
    ("{{ 'x'|indent('y' * 100000) }}", "'indent' width"),
    ("{{ ('x\n' * 50000)|indent('y' * 400) }}", "indent would be"),
    ("{{ 'x'|wordwrap(999999999) }}", "'wordwrap' width"),
    ("{{ ('ab' * 50000)|wordwrap(1, wrapstring='y' * 100000) }}", "wordwrap would be"),
    ("{{ range(100000)|join('x' * 100000) }}", "join would be"),
    ("{{ [1]|batch(999999999, 'x')|list }}", "batch"),
    ("{{ [1]|slice(999999999)|list }}", "slice"),
    ("{{ [1, 2]|tojson(999999999) }}", "'tojson' indent"),
    ("{{ [1]|map('center', 999999999)|list }}", "'center' width"),
    # texts joined with ~ and +, or captured in a block, doubling line after line
    ("{% set a = 'x' * 100000 %}{% set b = a~a~a~a~a~a~a~a~a~a %}"
     "{% set c = b~b~b~b~b~b~b~b~b~b %}{% set d = c~c~c~c~c~c~c~c~c~c %}{{ d }}",
     "joined text would be"),
    ("{% set a = 'x' * 100000 %}{% set b = a + a + a + a + a + a + a + a + a + a %}"
     "{% set c = b + b + b + b + b + b + b + b + b + b %}{{ c }}", "+ would be"),
    ("{% set a = 'x' * 100000 %}{% set b %}{% for i in range(100000) %}{{ a }}"
     "{% endfor %}{% endset %}{{ b|length }}", "joined text would be"),
    ("{% macro m(a) %}{% for i in range(100000) %}{{ a }}{% endfor %}{% endmacro %}"
     "{{ m('x' * 100000)|length }}", "joined text would be"),
    # Jinja's lorem ipsum generator is not offered at all
    ("{{ lipsum(999999999) }}", "'lipsum' is undefined"),
]


@pytest.mark.slow
@pytest.mark.parametrize("body, reason", HOSTILE, ids=[h[0][:60] for h in HOSTILE])
def test_a_template_that_would_build_a_huge_value_is_refused_at_once(
        tmp_path: Path, body: str, reason: str) -> None:
    # Given an office's receipt notice whose content would build gigabytes
    # When it is rendered in a process with 1 GB of address space
    found = render_in_child(tmp_path, body)
    # Then it is refused quickly, as a template error that names the template and the limit
    assert found["refused"], found
    message = str(found["en"])
    assert reason in message, message
    assert "letters/ko/receipt.j2" in message and "MemoryError" not in message
    assert "\n" not in message and found["code"] == 2
    assert str(found["ko"]).startswith("템플릿 오류") and "\n" not in str(found["ko"])
    assert float(str(found["seconds"])) < 3


def test_formats_paddings_and_joins_of_ordinary_size_still_work(tmp_path: Path) -> None:
    # Given an office template that formats, pads and joins the way letters do
    path = tmp_path / "override" / "letters" / "ko" / "receipt.j2"
    path.parent.mkdir(parents=True)
    path.write_text(
        "{% extends layout %}{% set title = 'x' %}{% block content %}"
        "[{{ '{:>4}|{:.2f}|{:%Y}'.format('가', 3.14159, case.opened_at) }}]"
        "[{{ '{n:03d}'.format_map({'n': 7}) }}][{{ '%5s|%-3d|%%' % ('a', 7) }}]"
        "[{{ '%.1f'|format(2.25) }}][{{ ['가', '나']|join(', ') }}][{{ 'x'.ljust(3) }}|]"
        "[{{ 'ab'|center(6) }}][{{ 'a b c'|wordwrap(3, wrapstring='/') }}]"
        "[{{ 'a\nb'|indent(2) }}][{{ [1, 2, 3]|batch(2)|list }}][{{ 'x' * 3 ~ 'y' + 'z' }}]"
        "[{{ [1]|tojson(2)|length }}][{{ (7).to_bytes(2, 'big')|length }}]"
        "{% endblock %}", encoding="utf-8")
    templates = Templates(ROOT / "templates", tmp_path / "override")
    # When it is rendered
    text = templates.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko")).text
    # Then every value is what Python itself would make
    year = sample_context("receipt", "ko").case.opened_at.year
    for piece in (f"[   가|3.14|{year}]", "[007][    a|7  |%]", "[2.2]", "[가, 나]",
                  "[x  |]", "[  ab  ]", "[a b/c]", "[a\n  b]", "[[[1, 2], [3]]]", "[xxxyz]",
                  "[7][2]"):
        assert piece in text, (piece, text)
