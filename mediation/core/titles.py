"""A text in Korean and English: the titles of states, rules and document kinds, and the
labels of the closed vocabularies."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Title:
    ko: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko


# What each kind of case event means, for the reader (the command line and the console).
EVENT_KINDS: dict[str, tuple[str, str]] = {
    "opened": ("사건 접수", "case opened"),
    "transition": ("상태 변경", "state changed"),
    "undone": ("상태 변경 되돌림", "transition undone"),
    "reopened": ("종결 사건 재개", "closed case reopened"),
    "updated": ("사건 수정", "case updated"),
    "reassigned": ("담당자 변경", "reassigned"),
    "party_added": ("당사자 추가", "party added"),
    "attachment_added": ("파일 첨부", "file attached"),
    "case_exported": ("사건 기록 반출", "case file exported"),
    "party_updated": ("당사자 정보 수정", "party corrected"),
    "party_removed": ("당사자 제외", "party removed"),
    "processing_stopped": ("처리정지 요구 기록", "request to stop processing recorded"),
    "processing_resumed": ("처리정지 해제", "processing resumed"),
    "subject_exported": ("정보주체 열람 자료 반출", "data subject's data exported"),
    "personal_data_destroyed": ("개인정보 파기", "personal data destroyed"),
    "consent": ("조정 동의 기록", "consent recorded"),
    "open_consent": ("회의 공개 동의 기록", "open-meeting consent recorded"),
    "issue_added": ("쟁점 추가", "issue added"),
    "issue_settled": ("쟁점 정리", "issue settled"),
    "issue_updated": ("쟁점 수정", "issue corrected"),
    "issue_removed": ("쟁점 삭제", "issue removed"),
    "item_added": ("합의 항목 추가", "agreement item added"),
    "item_edited": ("합의 항목 수정", "agreement item edited"),
    "item_removed": ("합의 항목 삭제", "agreement item removed"),
    "agreement_signed": ("협의결과문 서명", "agreement signed"),
    "agreement_confirmed": ("협의결과문 확인", "agreement confirmed"),
    "commitment_done": ("이행 완료", "commitment done"),
    "commitment_waived": ("이행 면제", "commitment waived"),
    "commitment_breached": ("불이행", "commitment breached"),
    "meeting_scheduled": ("회의 소집", "meeting scheduled"),
    "meeting_rescheduled": ("회의 일정 변경", "meeting rescheduled"),
    "meeting_cancelled": ("회의 취소", "meeting cancelled"),
    "meeting_held": ("회의 개최", "meeting held"),
    "meeting_record_corrected": ("회의 기록 정정", "meeting record corrected"),
    "meetings_closed": ("회의 비공개 전환", "meetings closed to the public"),
    "absence_limit": ("불출석 규정 적용", "absence rule applied"),
    "document": ("문서 작성", "document issued"),
    "document_sent": ("문서 발송", "document sent"),
    "document_voided": ("문서 무효 처리", "document voided"),
    "document_approved": ("문서 결재", "document approved"),
    "document_returned": ("문서 반려", "document returned"),
    "deadlines_recomputed": ("기한 재계산", "deadlines recomputed"),
    "paused": ("기한 정지", "clock paused"),
    "resumed": ("기한 재개", "clock resumed"),
    "deadline_extended": ("기한 연장", "deadline extended"),
    "deadline_met": ("기한 이행", "deadline met"),
    "dormancy_notice": ("장기 미진행 안내", "dormancy notice"),
}

DOCUMENT_STATUSES: dict[str, tuple[str, str]] = {
    "reserved": ("번호 예약", "reserved"), "issued": ("발행", "issued"), "void": ("무효", "void"),
    "replaced": ("정정됨", "replaced"), "draft": ("결재 대기", "draft"),
    "returned": ("반려", "returned"),
}
DEADLINE_STATUSES: dict[str, tuple[str, str]] = {
    "open": ("진행 중", "open"), "paused": ("정지", "paused"), "met": ("이행", "met"),
    "cancelled": ("취소", "cancelled"),
}
