"""The index of an exported case file (사건 기록 목록) as HTML for the PDF renderer: the
case's fields, its parties, every event in order, every document with its number, date and
SHA-256, the minutes and the attachments. A package template (not staff-editable),
autoescaped."""

from __future__ import annotations

from functools import cache
from typing import Any

from mediation.core import vocabulary as voc
from mediation.core.formats import kdate, kdatetime
from mediation.views.casefile import CaseFileIndex

TEMPLATE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 16mm 14mm; @bottom-center { content: counter(page) " / " counter(pages);
  font-size: 8pt; } }
html { font-family: "NanumGothic", "Noto Sans CJK KR", sans-serif; font-size: 9pt; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 11pt; border-bottom: 1px solid #333; margin: 5mm 0 2mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; white-space: nowrap; }
.hash { font-family: monospace; font-size: 6.5pt; word-break: break-all; }
.note { color: #444; }
.meta { text-align: right; font-size: 8pt; }
</style></head><body>
<h1>사건 기록 목록</h1>
<p class="meta">사건번호 {{ c.number }} · 반출 {{ exported_at }} · 반출자 {{ i.exported_by }}
{% if i.redacted %}· 정보공개용 가림 처리(공공기관의 정보공개에 관한 법률 제9조 제1항 제6호){% endif %}</p>
<h2>1. 사건</h2>
<table>{% for label, value in fields %}<tr><th>{{ label }}</th><td>{{ value }}</td></tr>{% endfor %}
</table>
<h2>2. 당사자</h2>
<table><tr><th>번호</th><th>이름</th><th>역할</th><th>소속</th><th>대표</th></tr>
{% for p in i.parties %}<tr><td>{{ p.id }}</td><td>{{ p.name }}</td><td>{{ role(p.role) }}</td>
<td>{{ p.organization or "" }}</td><td>{{ "대표" if p.representative else "" }}</td></tr>
{% else %}<tr><td colspan="5">없음</td></tr>{% endfor %}</table>
<h2>3. 기록 (이벤트 {{ i.events|length }}건)</h2>
<table><tr><th>순번</th><th>일시</th><th>처리자</th><th>내용</th><th>해시(SHA-256)</th></tr>
{% for e in events %}<tr><td>{{ e.seq }}</td><td>{{ e.at }}</td><td>{{ e.actor }}</td>
<td>{{ e.title }}{% if e.note %}<div class="note">{{ e.note }}</div>{% endif %}</td>
<td class="hash">{{ e.hash }}</td></tr>{% endfor %}</table>
<h2>4. 문서</h2>
<table><tr><th>문서번호</th><th>일자</th><th>종류·수신</th><th>파일</th><th>SHA-256</th></tr>
{% for d in docs %}<tr><td>{{ d.number }}</td><td>{{ d.date }}</td>
<td>{{ d.kind }}<div class="note">{{ d.recipient }}</div></td>
<td>{{ d.path or "" }}{% if d.note %}<div class="note">{{ d.note }}</div>{% endif %}</td>
<td class="hash">{{ d.sha256 or "" }}</td></tr>
{% else %}<tr><td colspan="5">없음</td></tr>{% endfor %}</table>
<h2>5. 회의록</h2>
<table><tr><th>회의</th><th>일시·장소</th><th>파일</th><th>SHA-256</th></tr>
{% for m in minutes %}<tr><td>#{{ m.meeting_id }}</td><td>{{ m.at }}<div class="note">{{ m.place }}</div></td>
<td>{{ m.path }}</td><td class="hash">{{ m.sha256 or "" }}</td></tr>
{% else %}<tr><td colspan="4">없음</td></tr>{% endfor %}</table>
<h2>6. 첨부 파일</h2>
{% if i.attachments_withheld %}<p class="note">가림 처리한 반출에서는 첨부 파일 원본을 싣지 않았습니다
(사진·스캔본의 개인정보는 가릴 수 없음). 목록만 적습니다.</p>{% endif %}
<table><tr><th>번호</th><th>제목·파일</th><th>일자</th><th>SHA-256</th></tr>
{% for a in atts %}<tr><td>#{{ a.id }}</td><td>{{ a.title }}<div class="note">{{ a.path }}
({{ a.size }} B, {{ a.media_type }})</div></td><td>{{ a.date }}</td>
<td class="hash">{{ a.sha256 }}</td></tr>
{% else %}<tr><td colspan="4">없음</td></tr>{% endfor %}</table>
<p class="meta">이 목록과 함께 담긴 manifest.json과 SHA256SUMS에 모든 파일의 SHA-256이 있습니다.
`sha256sum -c SHA256SUMS` 또는 `mediation audit verify --file 파일.zip`으로 확인합니다.</p>
</body></html>
"""


@cache
def _template() -> Any:
    from jinja2 import Environment, StrictUndefined

    return Environment(autoescape=True, undefined=StrictUndefined).from_string(TEMPLATE)


def index_html(i: CaseFileIndex, att_paths: dict[int, str]) -> str:
    """The index page of ``i``; ``att_paths`` names each attachment's file in the ZIP."""
    c = i.case
    fields = [
        ("사건명", c.title), ("업무흐름", c.workflow), ("상태", c.state_ko),
        ("접수일", kdate(c.opened_at)), ("종결일", kdate(c.closed_at) if c.closed_at else "—"),
        ("자치구·위치", " ".join(x for x in (c.district, c.location) if x) or "—"),
        ("사업부서", c.department or "—"), ("등급", c.grade or "—"),
        ("갈등조정관", c.mediator), ("갈등조정담당관", c.supervisor), ("개요", c.summary or "—"),
    ]
    events = [{"seq": e.seq, "at": kdatetime(e.at), "actor": e.actor, "title": title,
               "note": e.note, "hash": e.hash} for e, title in zip(i.events, i.event_titles,
                                                                   strict=True)]
    docs = [{"number": d.number, "date": kdate(d.generated_at), "kind": d.kind,
             "recipient": d.recipient, "path": d.path, "note": d.note, "sha256": d.sha256}
            for d in i.documents]
    minutes = [{"meeting_id": m.meeting_id, "at": kdatetime(m.starts_at), "place": m.place,
                "path": m.path, "sha256": m.sha256} for m in i.minutes]
    atts = [{"id": a.id, "title": a.title, "path": att_paths.get(a.id, a.filename),
             "size": f"{a.size:,}", "media_type": a.media_type, "date": kdate(a.added_at),
             "sha256": a.sha256} for a in i.attachments]
    return str(_template().render(
        i=i, c=c, fields=fields, events=events, docs=docs, minutes=minutes, atts=atts,
        exported_at=kdatetime(i.exported_at),
        role=lambda r: voc.title(voc.PARTY_ROLES, r, "ko")))
