"""Regenerate docs/screenshot.svg: `python docs/screenshot.py` (headless, on a temp home)."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).parent / "screenshot.svg"


async def shoot(home: str) -> None:
    os.environ["PLANNER_HOME"] = home
    os.environ["TZ"] = "UTC"
    time.tzset()
    from planner.config import Settings, resolve_paths
    from planner.session.work import Session
    from planner.ui.app import PlannerApp

    moment = datetime(2026, 11, 24, 8, 40).astimezone()
    session = Session(resolve_paths(), Settings(), clock=lambda: moment)
    app = PlannerApp(session=session, day=moment.date())
    # Wide enough for the side panel (TodayScreen.WIDE_FROM columns).
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("space", "j", "space", "j", "plus", "plus", "n")
        await pilot.press(*"Jane at ACME asked about pricing", "enter")
        await pilot.pause()
        app.save_screenshot(str(OUT))


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        asyncio.run(shoot(home))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
