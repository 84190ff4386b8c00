"""Where an export goes (planner.exchange.output): through to what the path is, or a refusal
that names the path and what it is; never a folder made, a device replaced or a FIFO
waited on."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from planner.exchange.output import OutputError, is_stdout, write_output

CONTENT = b"# Planner journal\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_a_new_file_is_written_in_an_existing_folder(tmp_path: Path) -> None:
    target = tmp_path / "journal.md"
    assert write_output(target, CONTENT) == target
    assert target.read_bytes() == CONTENT
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_output(tmp_path / "journal.md", CONTENT)
    finally:
        os.umask(old)
    # Not mkstemp's private 0600: other tools of the user's read the export.
    assert stat.S_IMODE((tmp_path / "journal.md").stat().st_mode) == 0o644


def test_an_existing_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "journal.md"
    target.write_text("old")
    target.chmod(0o640)
    write_output(target, CONTENT)
    assert target.read_bytes() == CONTENT
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_symlink_stays_a_link_and_the_file_it_leads_to_gets_the_content(
    tmp_path: Path,
) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / "journal.md"
    real.write_text("old")
    real.chmod(0o600)
    links = tmp_path / "links"
    links.mkdir()
    first = links / "first.md"
    first.symlink_to("../real/journal.md")  # relative, as `ln -s` users write them
    chained = links / "latest.md"
    chained.symlink_to(first)

    written = write_output(chained, CONTENT)

    assert written == real.resolve()
    assert chained.is_symlink() and os.readlink(chained) == str(first)
    assert first.is_symlink() and os.readlink(first) == "../real/journal.md"
    assert real.read_bytes() == CONTENT
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    # The temporary was made beside the target (a rename across folders could fail).
    assert leftovers(real_folder) == [] and leftovers(links) == []
    assert sorted(os.listdir(links)) == ["first.md", "latest.md"]


def test_a_dangling_symlink_is_refused_naming_where_it_points(tmp_path: Path) -> None:
    link = tmp_path / "journal.md"
    link.symlink_to(tmp_path / "gone" / "journal.md")
    with pytest.raises(OutputError, match="does not exist") as caught:
        write_output(link, CONTENT)
    assert str(link) in str(caught.value)
    assert str(tmp_path / "gone" / "journal.md") in str(caught.value)
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="loop"):
        write_output(tmp_path / "a", CONTENT)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_and_never_written_to(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A reader is waiting, so a writer that opened the FIFO would not block: it would
    # succeed, and the test would fail on the missing error instead of hanging.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with pytest.raises(OutputError, match=r"it is a named pipe \(FIFO\), not a file") as caught:
            write_output(fifo, CONTENT)
        assert str(fifo) in str(caught.value)
        assert os.read(reader, 100) == b""  # nothing was written into the pipe
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_symlink_to_a_fifo_is_refused_naming_both(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.md"
    link.symlink_to(fifo)
    with pytest.raises(OutputError) as caught:
        write_output(link, CONTENT)
    message = str(caught.value)
    assert str(link) in message and str(fifo) in message and "named pipe" in message
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(OutputError, match=r"it is a folder, not a file"):
        write_output(folder, CONTENT)
    assert folder.is_dir() and os.listdir(folder) == []


@pytest.mark.skipif(not Path(os.devnull).is_char_device(), reason="needs a device node")
def test_a_character_device_is_refused_and_left_as_it_is() -> None:
    device = Path(os.devnull)
    with pytest.raises(OutputError, match=r"it is a character device, not a file") as caught:
        write_output(device, CONTENT)
    assert str(device) in str(caught.value)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "folder" / "x.md"
    with pytest.raises(OutputError) as caught:
        write_output(target, CONTENT)
    assert f"folder {target.parent} does not exist" in str(caught.value)
    assert not (tmp_path / "nonexistent").exists()


def test_a_file_where_a_folder_belongs_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file")
    with pytest.raises(OutputError, match=f"{blocker} is not a folder"):
        write_output(blocker / "sub" / "x.md", CONTENT)
    assert blocker.read_text() == "a file"


def test_dash_as_typed_means_standard_output_and_a_path_named_dash_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_stdout("-")
    assert not is_stdout("./-") and not is_stdout("out.md") and not is_stdout("--")
    monkeypatch.chdir(tmp_path)
    write_output(Path("./-"), CONTENT)
    assert (tmp_path / "-").read_bytes() == CONTENT
