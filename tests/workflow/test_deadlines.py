"""Deadline planning without a database: counting under 민원처리법 art. 19, calendar days and
months (민법 arts. 160–161), pauses and extensions, reminder times, which deadlines a move
opens and closes, and the strict ``deadlines:`` section of workflow files.

Each expected due time is worked out by hand in the comment above it (2026 calendar: 설날
2/16–18, 삼일절 substitute 3/2, 추석 9/24–26, 개천절 substitute 10/5).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import WORKFLOWS

from mediation.core.calendar import WorkCalendar
from mediation.core.clock import SEOUL
from mediation.core.errors import DefinitionError
from mediation.workflow.definitions import PeriodDef
from mediation.workflow.loader import load_directory, parse
from mediation.workflow.timeline import (
    Adjustment,
    Schedule,
    add_after,
    due_after,
    extension_limit,
    on_open,
    on_transition,
    parse_period,
    plan_reminders,
    replay,
)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SEOUL)


def p(amount: int, unit: str) -> PeriodDef:
    return PeriodDef(amount=amount, unit=unit)


CAL = WorkCalendar()
WF = load_directory(WORKFLOWS)


def test_five_days_or_fewer_count_in_working_hours_eight_a_day() -> None:
    # 3 days = 24 working hours from Fri 2/13 10:00: Fri 10–12 + 13–18 = 7 h; 설날 week-end
    # (14–18) off; Thu 19 → 15 h; Fri 20 → 23 h; Mon 2/23 09:00 + 1 h = 10:00
    assert due_after(CAL, at(2026, 2, 13, 10), p(3, "days")) == at(2026, 2, 23, 10)
    # 3 working hours from Fri 2/13 16:30 → Thu 2/19 10:30 (1.5 h Friday, 1.5 h Thursday)
    assert due_after(CAL, at(2026, 2, 13, 16, 30), p(3, "working_hours")) == at(2026, 2, 19, 10, 30)


def test_six_days_or_more_count_working_days_with_the_first_day_included() -> None:
    # 7 days from Fri 9/18 15:00: 18 (1), 21 (2), 22 (3), 23 (4); 추석 24–26 and Sun 27 off;
    # 28 (5), 29 (6), Wed 9/30 (7) → ends when office hours end, 18:00
    assert due_after(CAL, at(2026, 9, 18, 15), p(7, "days")) == at(2026, 9, 30, 18)


def test_calendar_days_include_the_first_day_and_a_last_day_off_moves_forward() -> None:
    # 30 calendar days from Tue 9/1: 9/1 is day one, day 30 is Wed 9/30 → 18:00
    assert due_after(CAL, at(2026, 9, 1, 10), p(30, "calendar_days")) == at(2026, 9, 30, 18)
    # from Sun 9/6: day 30 is Mon 10/5, 개천절 대체 휴일 → next working day Tue 10/6
    assert due_after(CAL, at(2026, 9, 6, 10), p(30, "calendar_days")) == at(2026, 10, 6, 18)


def test_months_end_the_day_before_the_corresponding_day_or_on_the_months_last_day() -> None:
    # 9 months from Tue 2026-11-24: corresponding day 2027-08-24, so the period ends Mon 8/23
    assert due_after(CAL, at(2026, 11, 24, 9), p(9, "months")) == at(2027, 8, 23, 18)
    # 1 month from 1/31: February has no 31st → its last day, Sat 2/28; Sun 3/1 삼일절 and
    # Mon 3/2 삼일절 대체 휴일 are off → Tue 3/3
    assert due_after(CAL, at(2026, 1, 31, 9), p(1, "months")) == at(2026, 3, 3, 18)


def test_a_pause_freezes_the_working_time_left_and_a_resume_gives_it_back_after_chuseok() -> None:
    # 7 days from Mon 9/14 09:00: 14 (1) … 18 (5), 21 (6), Tue 22 (7) → due 9/22 18:00.
    # Paused Thu 9/17 10:00: left = 17th 7 h + 18th 8 h + 21st 8 h + 22nd 8 h = 31 h.
    # Resumed Wed 9/23 14:00: 23rd 4 h (27 left); 추석 24–26, Sun 27 off; 28th 8 (19), 29th 8
    # (11), 30th 8 (3); Thu 10/1 09:00 + 3 h = 12:00
    start = at(2026, 9, 14, 9)
    paused = replay(CAL, start, p(7, "days"), [
        Adjustment(kind="pause", at=at(2026, 9, 17, 10), actor="kim", reason="당사자 자료 보완")])
    assert paused.due is None and paused.left == timedelta(hours=31)
    resumed = replay(CAL, start, p(7, "days"), [
        Adjustment(kind="pause", at=at(2026, 9, 17, 10), actor="kim"),
        Adjustment(kind="resume", at=at(2026, 9, 23, 14), actor="kim")])
    assert resumed.due == at(2026, 10, 1, 12)
    assert resumed.original_due == resumed.due
    resume_step = resumed.steps[-1]
    assert resume_step.kind == "resume"
    assert [d.name for d in resume_step.skipped] == ["추석 전날", "추석", "추석 다음날", "일요일"]


def test_the_first_extension_may_add_at_most_the_original_period() -> None:
    # original due Tue 9/22 18:00 (7 days); seven more working days from Wed 9/23: 23 (1);
    # 추석 24–26 + Sun off; 28 (2), 29 (3), 30 (4), 10/1 (5), 10/2 (6); Sat 3 개천절, Sun 4,
    # Mon 5 개천절 대체 휴일 off; Tue 10/6 (7)
    assert extension_limit(CAL, at(2026, 9, 22, 18), p(7, "days")) == at(2026, 10, 6, 18)
    # an extension keeps the original due time in the timeline
    line = replay(CAL, at(2026, 9, 14, 9), p(7, "days"), [
        Adjustment(kind="extend", at=at(2026, 9, 21, 10), actor="kim", until=at(2026, 10, 6, 18))])
    assert (line.original_due, line.due, line.extensions) == (at(2026, 9, 22, 18),
                                                               at(2026, 10, 6, 18), 1)


def test_reminders_go_before_the_due_time_and_escalations_after_it() -> None:
    # acknowledge: due Thu 2/19 10:30; reminder 1 working hour before → 09:30; supervisor at
    # the due time; admins one day (8 working hours) later → Fri 2/20 10:30
    rule = WF["public_conflict"].deadline("acknowledge")
    assert rule is not None
    start, due = at(2026, 2, 13, 16, 30), at(2026, 2, 19, 10, 30)
    plans = plan_reminders(CAL, Schedule.of(rule), start, due)
    assert [(r.slot, r.audience, r.send_at) for r in plans] == [
        ("before.0", "mediator", at(2026, 2, 19, 9, 30)),
        ("supervisor", "supervisor", due),
        ("admins", "admins", at(2026, 2, 20, 10, 30))]
    # a reminder that would fall before the deadline started is left out
    early = Schedule(period=p(3, "working_hours"), remind_before=(p(5, "working_hours"),))
    assert plan_reminders(CAL, early, start, due) == ()
    # and an escalation after zero time is the due time itself
    assert add_after(CAL, due, p(0, "working_hours")) == due


def test_a_schedule_survives_its_round_trip_through_a_database_row() -> None:
    rule = WF["public_conflict"].deadline("mediation_duration")
    assert rule is not None
    schedule = Schedule.of(rule)
    assert Schedule.from_json(schedule.to_json()) == schedule


def test_a_move_opens_the_deadlines_of_the_states_it_enters_and_closes_those_it_leaves() -> None:
    wf = WF["public_conflict"]
    # opening a case starts the intake deadline and the repeating progress notice
    assert on_open(wf) == ("acknowledge", "progress_notice")
    # convening opens both of its deadlines
    assert on_transition(wf, "strategy", "convening", "convene").opens == (
        "chair_named", "invitation_reply")
    # leaving convening for mediation meets them and starts the 9-month period
    moved = on_transition(wf, "convening", "mediation", "open_mediation")
    assert moved.closes == (("chair_named", "met"), ("invitation_reply", "met"))
    assert moved.opens == ("mediation_duration",)
    # moving inside [mediation, drafting] changes nothing, so the move does no deadline work
    assert not on_transition(wf, "drafting", "mediation", "revise")
    # a withdrawal cancels what runs; closing as inactive meets the dormancy deadline
    assert on_transition(wf, "mediation", "closed_withdrawn", "withdraw").closes == (
        ("progress_notice", "cancelled"), ("mediation_duration", "cancelled"),
        ("dormancy", "cancelled"))
    assert ("dormancy", "met") in on_transition(wf, "mediation", "closed_inactive",
                                                "close_inactive").closes


def test_durations_are_read_with_their_unit() -> None:
    assert parse_period("5d") == p(5, "days")
    assert parse_period("3h") == p(3, "working_hours")
    assert parse_period("10cd") == p(10, "calendar_days")
    assert parse_period("2m") == p(2, "months")
    assert parse_period("0d") is None and parse_period("5 weeks") is None


# The deadlines section of a workflow file ------------------------------------------------

BASE = """
name: tiny
version: 1
title: {ko: 작은, en: Tiny}
states:
  intake: {title: {ko: 접수, en: Intake}, initial: true}
  review: {title: {ko: 검토, en: Review}}
  done: {title: {ko: 종결, en: Done}, final: true, outcome: impasse}
  inactive: {title: {ko: 미진행 종결, en: Inactive}, final: true, outcome: impasse}
transitions:
  - {trigger: finish, from: intake, to: done, title: {ko: 종결, en: Finish}}
  - {trigger: look, from: intake, to: review, title: {ko: 검토, en: Review}}
  - {trigger: close_inactive, from: "*", to: inactive, title: {ko: 정리, en: Close}, roles: [system]}
  - {trigger: shut, from: "*", to: inactive, title: {ko: 닫기, en: Shut}}
deadlines:
"""
GOOD_RULE = """
  - name: acknowledge
    title: {ko: 접수 확인, en: Acknowledge}
    basis: 민원 시행령 제19조
    kind: state
    states: [intake]
    period: {amount: 3, unit: working_hours}
"""


def test_a_valid_deadlines_section_loads() -> None:
    wf = parse(BASE + GOOD_RULE, "tiny.yaml")
    rule = wf.deadline("acknowledge")
    assert rule is not None and rule.period == p(3, "working_hours") and rule.states == ("intake",)


@pytest.mark.parametrize(("rule", "where", "reason"), [
    (GOOD_RULE.replace("working_hours", "weeks"), "deadlines[0].period.unit", "unknown unit"),
    (GOOD_RULE.replace("    basis: 민원 시행령 제19조\n", ""), "deadlines[0]", "missing key 'basis'"),
    (GOOD_RULE.replace("basis: 민원 시행령 제19조", "basis: ' '"), "deadlines[0].basis",
     "legal basis"),
    (GOOD_RULE.replace("basis: 민원 시행령 제19조", "basis: 민원 시행령 제19조\n    basis_en: ''"),
     "deadlines[0].basis_en", "non-empty text"),
    (GOOD_RULE.replace("states: [intake]", "states: [nowhere]"), "deadlines[0].states[0]",
     "unknown state 'nowhere'"),
    (GOOD_RULE.replace("states: [intake]", "states: [done]"), "deadlines[0].states[0]",
     "final state"),
    (GOOD_RULE.replace("kind: state", "kind: repeat"), "deadlines[0].states",
     "only a 'state' or 'commitment' rule"),
    (GOOD_RULE.replace("amount: 3", "amount: 0"), "deadlines[0].period.amount", "whole number"),
    (GOOD_RULE + "    colour: red\n", "deadlines[0]", "unknown key 'colour'"),
    (GOOD_RULE + GOOD_RULE, "deadlines[1].name", "already the name"),
    (GOOD_RULE + "    escalate: {admins_after: {amount: 1, unit: days}}\n", "deadlines[0].escalate",
     "missing key 'supervisor_after'"),
])
def test_a_bad_deadline_rule_names_the_file_and_the_key_path(rule: str, where: str,
                                                             reason: str) -> None:
    # When a workflow file has the faulty rule
    with pytest.raises(DefinitionError) as caught:
        parse(BASE + rule, "workflows/tiny.yaml")
    # Then the error names the file, the key path and the reason
    message = caught.value.message("en")
    assert message.startswith(f"workflows/tiny.yaml: {where}: "), message
    assert reason in message


DORMANT = """
  - name: dormancy
    title: {ko: 장기 미진행, en: Dormant}
    basis: ICSID Conciliation Rules
    kind: dormancy
    period: {amount: 150, unit: calendar_days}
    close_after: {amount: 30, unit: calendar_days}
    trigger: TRIGGER
"""


@pytest.mark.parametrize(("trigger", "reason"), [
    ("nothing", "unknown trigger 'nothing'"),
    ("shut", "roles: [system]"),
    ("finish", "available from every open state"),
])
def test_the_dormancy_rule_must_name_a_trigger_only_the_system_fires(trigger: str,
                                                                      reason: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse(BASE + DORMANT.replace("TRIGGER", trigger), "tiny.yaml")
    assert "deadlines[0].trigger" in caught.value.message("en")
    assert reason in caught.value.message("en")


def test_a_dormancy_rule_takes_no_escalation_and_needs_its_closing_period() -> None:
    with pytest.raises(DefinitionError, match="takes no escalation"):
        parse(BASE + DORMANT.replace("TRIGGER", "close_inactive")
              + "    escalate: {supervisor_after: {amount: 0, unit: days}}\n", "tiny.yaml")
    with pytest.raises(DefinitionError, match="needs 'close_after'"):
        parse(BASE + DORMANT.replace("TRIGGER", "close_inactive").replace(
            "    close_after: {amount: 30, unit: calendar_days}\n", ""), "tiny.yaml")


def test_the_shipped_workflows_cite_a_basis_for_every_deadline() -> None:
    for wf in WF.values():
        assert wf.deadlines, wf.name
        for rule in wf.deadlines:
            assert rule.basis.strip(), (wf.name, rule.name)
            # an English reader gets the basis in English, not the Korean text
            assert rule.basis_en and not any("가" <= ch <= "힣" for ch in rule.basis_en), \
                (wf.name, rule.name)
        absences = wf.meetings.absences
        assert absences is None or (absences.basis_en and absences.basis_in("ko") == absences.basis)


def test_a_recorded_basis_prints_in_english_only_while_it_is_the_rules_own_text() -> None:
    wf = parse(BASE + GOOD_RULE.replace("    basis: 민원 시행령 제19조\n",
                                        "    basis: 민원 시행령 제19조\n"
                                        "    basis_en: Civil Petitions Decree, Art. 19\n"),
               "tiny.yaml")
    assert wf.basis_text("acknowledge", "민원 시행령 제19조", "en") == "Civil Petitions Decree, Art. 19"
    assert wf.basis_text("acknowledge", "민원 시행령 제19조", "ko") == "민원 시행령 제19조"
    # a deadline recorded under an earlier wording keeps its own words
    assert wf.basis_text("acknowledge", "민원 시행령 제18조", "en") == "민원 시행령 제18조"
    assert wf.basis_text("gone", "민원 시행령 제19조", "en") == "민원 시행령 제19조"
