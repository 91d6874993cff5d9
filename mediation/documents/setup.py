"""How an office writes documents: its details, the templates and the PDF renderer, the
folder, the default format and language, the sender of the e-mails that carry them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mediation.mail.message import Address
    from mediation.render.office import Office
    from mediation.render.production import FactorySpec, LetterFactory


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSetup:
    """How this office writes documents: its details, templates, PDF renderer, folder."""

    office: Office
    factory: LetterFactory
    spec: FactorySpec
    out_dir: Path
    default_format: str = "pdf"
    default_lang: str = "ko"
    sender: Address | None = None  # From: of the e-mails that carry documents

    def __post_init__(self) -> None:
        if self.sender is None:
            from mediation.mail.message import Address

            object.__setattr__(self, "sender", Address(email=self.office.email,
                                                       name=self.office.division.ko))
