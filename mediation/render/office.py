"""Settings of document writing: the sending office's details that every official letter
prints (agency, sender, division, postal address, telephone, fax, homepage, e-mail,
document-number prefix, disclosure class, titles of the drafter, reviewer and approver), the
template folders, the output folder and the default format.

They come from ``MEDIATION_OFFICE_*`` environment variables, over an office file
(``MEDIATION_OFFICE_FILE``, YAML), over the built-in defaults. The defaults describe a
fictional Seoul office and are marked as examples (``Office.example``): the address and the
numbers are not real, and ``letter render`` warns while they are in use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from mediation.core.errors import BadInput
from mediation.core.files import FileRefused, read_limited
from mediation.core.paths import PROJECT_ROOT
from mediation.core.titles import Title

ENV_PREFIX = "MEDIATION_OFFICE_"
FORMATS = ("pdf", "html", "txt")
BILINGUAL = ("agency", "sender", "division", "address", "disclosure", "drafter_title",
             "reviewer_title", "approver_title")
PLAIN = ("postal_code", "phone", "fax", "homepage", "email", "doc_prefix")
MAX_FILE_BYTES = 100_000


# The built-in examples: a fictional Seoul office (not real addresses or numbers).
EXAMPLE_AGENCY = Title(ko="서울특별시", en="Seoul Metropolitan Government")
EXAMPLE_SENDER = Title(ko="서울특별시장", en="Mayor of Seoul")
EXAMPLE_DIVISION = Title(ko="갈등조정담당관", en="Conflict Mediation Division")
EXAMPLE_ADDRESS = Title(ko="서울특별시 중구 예시대로 1, 3층 (예시 주소)",
                        en="3F, 1 Yesi-daero, Jung-gu, Seoul (example address)")
EXAMPLE_DISCLOSURE = Title(ko="부분공개(6)", en="Partly disclosed (personal data)")
EXAMPLE_DRAFTER_TITLE = Title(ko="갈등조정관", en="Mediator")
EXAMPLE_REVIEWER_TITLE = Title(ko="갈등조정팀장", en="Team Leader")
EXAMPLE_APPROVER_TITLE = Title(ko="갈등조정담당관", en="Director")


@dataclass(frozen=True, slots=True, kw_only=True)
class Office:
    """Defaults are examples for a fictional Seoul office (see the module docstring)."""

    agency: Title = EXAMPLE_AGENCY
    sender: Title = EXAMPLE_SENDER
    division: Title = EXAMPLE_DIVISION
    address: Title = EXAMPLE_ADDRESS
    postal_code: str = "04500"
    phone: str = "02-000-0000"
    fax: str = "02-000-0001"
    homepage: str = "https://mediation.example.org"
    email: str = "mediation@example.org"
    doc_prefix: str = "갈등조정담당관"
    disclosure: Title = EXAMPLE_DISCLOSURE
    drafter_title: Title = EXAMPLE_DRAFTER_TITLE
    reviewer_title: Title = EXAMPLE_REVIEWER_TITLE
    approver_title: Title = EXAMPLE_APPROVER_TITLE
    example: bool = True


def _title(value: object, where: str) -> Title:
    if isinstance(value, str) and value.strip():
        return Title(ko=value.strip(), en=value.strip())
    if isinstance(value, dict) and set(value) == {"ko", "en"} and all(
            isinstance(v, str) and v.strip() for v in value.values()):
        return Title(ko=value["ko"].strip(), en=value["en"].strip())
    raise BadInput(field=where, reason_ko="텍스트 하나, 또는 ko와 en 두 텍스트를 적어야 합니다",
                                reason_en="expected a text or a mapping with ko and en texts")


def _plain(value: object, where: str) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    raise BadInput(field=where, reason_ko="비어 있지 않은 텍스트를 적어야 합니다",
                                reason_en="expected a non-empty text")


def _from_file(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(read_limited(path, MAX_FILE_BYTES).decode("utf-8"))
    except FileRefused as exc:
        raise BadInput(field="MEDIATION_OFFICE_FILE", reason_ko=exc.reason_ko,
                                                      reason_en=exc.reason) from exc
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise BadInput(field=str(path), reason_ko=f"기관 정보 파일을 읽을 수 없습니다 ({exc})",
                                        reason_en=f"cannot read the office file ({exc})") from exc
    if not isinstance(raw, dict):
        raise BadInput(field=str(path), reason_ko="기관 정보를 '항목: 값' 형식으로 적어야 합니다",
                                        reason_en="expected a mapping of office details")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"{path}: {key}"
        if key in BILINGUAL:
            out[key] = _title(value, where)
        elif key in PLAIN:
            out[key] = _plain(value, where)
        else:
            raise BadInput(field=where, reason_ko="알 수 없는 항목입니다 (쓸 수 있는 항목: "
                                                  f"{', '.join(sorted(BILINGUAL + PLAIN))})",
                                        reason_en="unknown key (allowed: "
                                                  f"{', '.join(sorted(BILINGUAL + PLAIN))})")
    return out


def _from_env(env: Mapping[str, str], base: Office) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in BILINGUAL:
        name = ENV_PREFIX + key.upper()
        ko, en = env.get(name, "").strip(), env.get(name + "_EN", "").strip()
        if ko or en:
            current: Title = getattr(base, key)
            out[key] = Title(ko=ko or current.ko, en=en or ko or current.en)
    for key in PLAIN:
        value = env.get(ENV_PREFIX + key.upper(), "").strip()
        if value:
            out[key] = value
    return out


def load_office(env: Mapping[str, str]) -> Office:
    """The office details: environment over ``MEDIATION_OFFICE_FILE`` over the examples."""
    office = Office()
    path = env.get("MEDIATION_OFFICE_FILE", "").strip()
    if path:
        office = replace(office, **_from_file(Path(path).expanduser()), example=False)
    overrides = _from_env(env, office)
    if overrides:
        office = replace(office, **overrides, example=False)
    return office


def office_keys() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Office) if f.name != "example")


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSettings:
    """``MEDIATION_TEMPLATES_DIR`` is an office's override folder, searched before the shipped
    templates; ``MEDIATION_DOCUMENTS_DIR`` is where documents are written (default
    ``<home>/documents``); ``MEDIATION_DOCUMENT_FORMAT`` is the format of documents that
    workflow transitions write (default ``pdf``)."""

    office: Office = Office()
    templates_dir: Path = PROJECT_ROOT / "templates"
    templates_override: Path | None = None
    out_dir: Path | None = None
    format: str = "pdf"

    @classmethod
    def from_env(cls, env: Mapping[str, str], home: Path) -> DocumentSettings:
        fmt = env.get("MEDIATION_DOCUMENT_FORMAT", "").strip() or "pdf"
        if fmt not in FORMATS:
            raise BadInput(field="MEDIATION_DOCUMENT_FORMAT",
                           reason_ko=f"'{fmt}'은(는) {', '.join(FORMATS)} 중 하나가 아닙니다",
                           reason_en=f"'{fmt}' is not one of {', '.join(FORMATS)}")
        override = env.get("MEDIATION_TEMPLATES_DIR", "").strip()
        if override and not Path(override).expanduser().is_dir():
            raise BadInput(field="MEDIATION_TEMPLATES_DIR", reason_ko=f"'{override}'은(는) 폴더가 아닙니다",
                                                            reason_en=f"'{override}' is not a folder")
        out = env.get("MEDIATION_DOCUMENTS_DIR", "").strip()
        return cls(office=load_office(env),
                   templates_override=Path(override).expanduser() if override else None,
                   out_dir=Path(out).expanduser() if out else home / "documents", format=fmt)
