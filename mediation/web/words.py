"""Every word the console shows, in Korean and English, and the user's language (the
``?lang=`` of a request, else the ``lang`` cookie, else Korean)."""

from __future__ import annotations

from collections.abc import Mapping

LANGS = ("ko", "en")
LANG_COOKIE = "mediation_lang"

WORDS: dict[str, tuple[str, str]] = {
    "app": ("공공갈등 조정 사건관리", "Public-conflict mediation"),
    "dashboard": ("오늘의 업무", "Today"),
    "cases": ("사건 목록", "Cases"),
    "approvals": ("결재", "Approvals"),
    "signin": ("로그인", "Sign in"),
    "signout": ("로그아웃", "Sign out"),
    "username": ("사용자 이름", "User name"),
    "password": ("비밀번호", "Password"),
    "signin_hint": ("비밀번호는 관리자가 `mediation user password 이름`으로 설정합니다.",
                    "An admin sets passwords with `mediation user password NAME`."),
    "expired": ("오래 사용하지 않아 로그아웃되었습니다. 다시 로그인하세요.",
                "You were signed out after a while without activity. Sign in again."),
    "signed_in_as": ("로그인", "Signed in as"),
    "other_lang": ("English", "한국어"),
    "to_approve": ("결재할 공문", "Letters to approve"),
    "awaiting": ("결재 대기 중인 공문", "Letters awaiting approval"),
    "reviewers_only": ("결재와 반려는 사건의 갈등조정담당관과 관리자가 합니다.",
                       "The case's supervisor or an admin approves or returns a letter."),
    "approval_hint": ("공문을 내려받아 확인한 뒤 결재하거나, 의견과 함께 반려하세요.",
                      "Download the letter, read it, then approve it or return it with a comment."),
    "overdue": ("기한 경과", "Overdue deadlines"),
    "due_week": ("이번 주 기한", "Deadlines this week"),
    "meetings_week": ("이번 주 회의", "Meetings this week"),
    "quiet": ("활동 없는 사건", "Cases without activity"),
    "quiet_hint": ("{days}일 넘게 기록이 없는 진행 중 사건",
                   "Open cases with nothing recorded for over {days} days"),
    "caseload": ("담당자별 진행 사건", "Open cases per mediator"),
    "none": ("없음", "None"),
    "number": ("사건번호", "Case"),
    "title": ("사건명", "Title"),
    "state": ("상태", "State"),
    "mediator": ("갈등조정관", "Mediator"),
    "supervisor": ("갈등조정담당관", "Supervisor"),
    "opened": ("접수일", "Opened"),
    "updated": ("마지막 기록", "Last recorded"),
    "due": ("기한", "Due"),
    "deadline": ("기한 항목", "Deadline"),
    "status": ("상태", "Status"),
    "when": ("일시", "When"),
    "place": ("장소", "Place"),
    "kind": ("종류", "Kind"),
    "recipient": ("수신", "Recipient"),
    "document": ("문서번호", "Document"),
    "generated": ("작성", "Written"),
    "download": ("내려받기", "Download"),
    "filter": ("찾기", "Filter"),
    "search": ("검색어 (사건명·개요·당사자·쟁점·회의록…)",
               "Words (title, summary, parties, issues, minutes…)"),
    "any": ("전체", "Any"),
    "progress": ("진행 여부", "Open or closed"),
    "open_only": ("진행 중", "Open"),
    "closed_only": ("종결", "Closed"),
    "prev": ("이전", "Previous"),
    "next": ("다음", "Next"),
    "page": ("쪽", "Page"),
    "fields": ("사건 정보", "Case"),
    "summary": ("개요", "Summary"),
    "workflow": ("업무흐름", "Workflow"),
    "days_open": ("경과 일수", "Days open"),
    "triggers": ("다음 단계", "Next steps"),
    "fire": ("실행", "Do it"),
    "note": ("사유", "Note"),
    "note_required": ("사유 (필수)", "Note (required)"),
    "name": ("이름", "Name"),
    "blocked": ("아직 안 됨", "Not yet"),
    "not_your_role": ("다른 역할의 단계", "For another role"),
    "parties": ("당사자", "Parties"),
    "party_role": ("구분", "Role"),
    "contact": ("연락처", "Contact"),
    "deadlines": ("기한", "Deadlines"),
    "meetings": ("회의", "Meetings"),
    "documents": ("문서", "Documents"),
    "history": ("기록", "History"),
    "actor": ("처리자", "By"),
    "clock": ("기한 정지", "Deadline clock"),
    "pause": ("기한 정지", "Pause deadlines"),
    "resume": ("기한 재개", "Resume deadlines"),
    "reason": ("사유", "Reason"),
    "assign": ("담당자 변경", "Assign"),
    "save": ("저장", "Save"),
    "approve": ("결재", "Approve"),
    "return": ("반려", "Return"),
    "comment": ("의견", "Comment"),
    "queue_empty": ("결재할 공문이 없습니다.", "No letter waits for your approval."),
    "error": ("요청을 처리할 수 없습니다", "The request could not be done"),
    "back": ("돌아가기", "Go back"),
    "reload": ("다시 불러오기", "Reload"),
    "changed": ("사건이 그사이 바뀌었습니다 — 다시 불러오세요.",
                "The case changed since you opened it — reload."),
    "csrf": ("양식이 만료되었습니다. 페이지를 다시 불러온 뒤 다시 시도하세요.",
             "The form has expired. Reload the page and try again."),
    "done": ("처리했습니다.", "Done."),
    "overdue_mark": ("경과", "overdue"),
    "closed_mark": ("종결", "closed"),
    "paused_mark": ("정지", "paused"),
    "total": ("합계", "Total"),
    "missing": ("찾을 수 없는 페이지입니다.", "There is no such page."),
}


def word(key: str, lang: str) -> str:
    ko, en = WORDS[key]
    return en if lang == "en" else ko


def pick_lang(query: Mapping[str, str], cookies: Mapping[str, str]) -> str:
    for found in (query.get("lang"), cookies.get(LANG_COOKIE)):
        if found in LANGS:
            return found
    return "ko"
