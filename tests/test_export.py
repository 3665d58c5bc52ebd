"""File → Export: in a thread of its own, streamed, cancellable; files replaced atomically and sensibly."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hybrowser.core.export import write_csv, write_xlsx


def folder_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_export_runs_off_the_ui_thread_and_writes_the_file(qtbot, window, tmp_path, monkeypatch):
    import hybrowser.qt.export_job as export_job

    threads = []
    real = export_job.export_table

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(export_job, "export_table", spy)
    window.tab_named("parks")
    job = window.files.export_current(tmp_path / "parks.csv")
    assert job.wait()
    assert threads and threads[0] is not threading.main_thread()
    assert "衡州大道" in (tmp_path / "parks.csv").read_text(encoding="utf-8-sig")


def test_cancelled_export_leaves_nothing(qtbot, window, tmp_path, monkeypatch):
    import hybrowser.db.export_rows as export_rows
    from hybrowser.qt.export_job import ExportJob

    monkeypatch.setattr(export_rows, "PROGRESS_ROWS", 1)
    gate = threading.Event()
    real = ExportJob._report

    def held(self, rows):
        gate.wait(30)  # the first progress report waits until the user has pressed Cancel
        return real(self, rows)

    monkeypatch.setattr(ExportJob, "_report", held)
    window.tab_named("indicators")
    folder = tmp_path / "exports"
    folder.mkdir()
    job = window.files.export_current(folder / "out.xlsx")
    job.cancel()
    gate.set()
    assert not job.wait()
    assert job.outcome == "cancelled"
    assert folder_names(folder) == []  # no file, no .part


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_rows_are_streamed_to_disk_not_built_in_memory(tmp_path, writer):
    target = tmp_path / ("out.xlsx" if writer is write_xlsx else "out.csv")
    seen: list[int] = []

    def rows():
        for n in range(60_000):
            if n == 50_000:
                seen.extend(p.stat().st_size for p in tmp_path.glob("*.part"))
            yield [n, f"行 {n}", n / 7]

    writer(target, rows())
    assert seen and seen[0] > 0  # the part file already held rows while rows were still coming
    assert folder_names(tmp_path) == [target.name]


def test_export_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_csv(link, [["a"], ["b"]])
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes() == "\ufeffa\r\nb\r\n".encode()


def test_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    existing = tmp_path / "shared.csv"
    existing.write_text("old")
    existing.chmod(0o664)
    write_csv(existing, [["x"]])
    assert stat.S_IMODE(existing.stat().st_mode) == 0o664
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "fresh.xlsx"
    write_xlsx(fresh, [["x"]])
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_part_file_of_a_killed_export_is_removed_by_the_next_one(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    pid = int(dead.stdout)
    leftover = tmp_path / f".out.csv.hybrowser-{pid}-abc123.part"
    leftover.write_bytes(b"x" * 1000)
    other = tmp_path / f".other.csv.hybrowser-{pid}-abc123.part"
    other.write_bytes(b"x")
    write_csv(tmp_path / "out.csv", [["a"]])
    assert folder_names(tmp_path) == [other.name, "out.csv"]  # another file's part is not touched


def test_progress_dialog_goes_with_the_export(qtbot, window, tmp_path):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QProgressDialog

    window.tab_named("projects")
    for n in range(3):
        assert window.files.export_current(tmp_path / f"projects{n}.csv").wait()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QProgressDialog) == []  # none shows up late, none piles up
    assert "projects2.csv" in window.statusBar().currentMessage()


def test_database_gone_since_opening_is_one_clear_message(qtbot, tmp_path, settings_file, monkeypatch):
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    path = tmp_path / "gone.db"
    shutil.copy(Path(__file__).resolve().parents[1] / "data.db", path)
    window = create_window(path)
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window, panels=False)
    path.unlink()
    assert not window.files.export_current(tmp_path / "out.csv").wait()
    assert shown and shown[0][2] == f"{path}: no such file"
    assert not (tmp_path / "out.csv").exists()
    wait_until_loaded(window)  # the panels load without a traceback too
    window.close()


def test_the_umask_is_read_without_being_changed(monkeypatch):
    import builtins
    import os

    from hybrowser.core import export

    old = os.umask(0o027)
    try:
        assert export._umask() == 0o027
        assert os.umask(0o027) == 0o027  # left as it was
        # where /proc cannot be read, it is set and set back
        real_open = builtins.open

        def no_proc(path, *args, **kwargs):
            if str(path).startswith("/proc/"):
                raise OSError("no /proc")
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", no_proc)
        os.umask(0o077)
        assert export._umask() == 0o077
        assert os.umask(0o027) == 0o077
    finally:
        os.umask(old)
