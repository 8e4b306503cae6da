"""A date after today is not a forecast: every output says the planned lines are missing."""

from __future__ import annotations

import datetime as dt
import warnings

import shangcheng_geo as sg
from shangcheng_geo import coverage, datasets, maps, transit


def test_no_note_for_today_or_the_past(monkeypatch):
    from clock import freeze_today

    # today frozen after the layer's last known opening: only the day after today is future
    freeze_today(monkeypatch, dt.date(2031, 6, 30))
    assert transit.future_note(None, "2031-06-30") is None
    assert transit.future_note(None, dt.date(2031, 6, 30)) is None
    assert transit.future_note(None, "2031-07-01") is not None
    assert transit.future_note(None, "2025-12-31") is None
    assert transit.future_note(None, None) is None


def test_a_future_date_warns_and_names_the_last_known_opening():
    opened = datasets.stations()["opened"].dropna()
    last = max(str(d)[:10] for d in opened)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        coverage.station_coverage(datasets.district(), as_of="2030-12-31")
    text = " ".join(str(w.message) for w in rec if issubclass(w.category, sg.DataQualityWarning))
    assert "in the future" in text and "2030-12-31" in text
    assert "planned lines not included" in text
    note = transit.future_note(None, "2030-12-31")
    assert note is not None and note.count("2026-") == 2
    assert last <= note.split(" ")[1]  # the note's date is the layer's last known one or later


def test_the_map_title_and_legend_say_so():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        future = maps.coverage_map(as_of="2030-12-31", network=None).get_root().render()
        today = maps.coverage_map(as_of="2025-12-31", network=None).get_root().render()
    assert "未含规划线路" in future and "planned lines not included" in future
    assert "未含规划线路" not in today and "planned lines not included" not in today


def test_the_report_says_so(tmp_path):
    from shangcheng_geo.maps import report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        page = report.write_report(path=tmp_path / "r.html", as_of="2030-12-31")
    assert "planned lines not included" in page.read_text(encoding="utf-8")
