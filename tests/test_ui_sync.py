"""Sync through the dialogs on real laptops (clones of one charter): USB export and import,
damaged exports refused with nothing changed, server sync with a shared folder, conflicts
resolved side by side into a merge commit. File choosers are injected: no modal is left open."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from charter_app.errors import CharterError
from charter_app.storage.repository import CharterRepository
from charter_app.ui.conflict_view import (
    MARKED,
    THEIRS,
    build_result,
    has_marks,
    merge_segments,
    raw_text,
)
from charter_app.ui.sync_dialogs import SyncFeature
from tests import ui_conftest_helpers as helpers
from tests.test_sync_https_auth import server
from tests.test_sync_support import CLAIRE, FIRST, JEAN, edit_body, git, laptops, snapshot
from tests.test_ui_accessibility import unnamed_widgets

app_home, interaction, window = helpers.app_home, helpers.interaction, helpers.window
https_server = server  # git http-backend behind Basic authentication


@pytest.fixture(autouse=True)
def only_our_features(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window with the sync and history features (and Help) only."""
    from charter_app.ui import features

    monkeypatch.setattr(
        features,
        "FEATURES",
        [
            "charter_app.ui.history_browser:HistoryFeature",
            "charter_app.ui.sync_dialogs:SyncFeature",
            "charter_app.ui.about:AboutFeature",
        ],
    )


@pytest.fixture
def charter_path(tmp_path: Path, app_home: Path) -> Path:
    """Laptop "a" (the window opens it); laptop "b" is beside it."""
    a, _b = laptops(tmp_path, "a", "b")
    return a


def feature_of(window) -> SyncFeature:
    return next(f for f in window.features if isinstance(f, SyncFeature))


def head(folder: Path) -> str:
    return git(folder, "rev-parse", "HEAD").strip()


def export_through_dialog(qtbot, window, target: Path, for_name: str | None = None) -> None:
    feature = feature_of(window)
    feature.choose_save_path = lambda parent, title, suggested: str(target)
    dialog = feature.show_export()
    qtbot.addWidget(dialog)
    if for_name:
        dialog.new_radio.setChecked(True)
        dialog.destination_edit.setText(for_name)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    dialog.close()


def open_in_window(qtbot, window, folder: Path) -> None:
    window.open_charter(folder)
    qtbot.waitUntil(
        lambda: window.document is not None and window.document.path == folder, timeout=10_000
    )
    qtbot.waitUntil(lambda: not window.history.busy and not feature_of(window).busy)


def import_through_menu(qtbot, window, bundle: Path) -> None:
    feature = feature_of(window)
    feature.choose_open_path = lambda parent, title: str(bundle)
    feature.import_action.trigger()
    qtbot.waitUntil(lambda: not feature.busy, timeout=15_000)


def test_export_then_import_into_a_second_laptop(qtbot, window, tmp_path, interaction):
    a, b = tmp_path / "a", tmp_path / "b"
    edit_body(a, FIRST, lambda body: "Ajouté sur le portable A. " + body)
    window.reload_from_disk()
    bundle = tmp_path / "stick" / "a-pour-b.bundle"
    bundle.parent.mkdir()
    export_through_dialog(qtbot, window, bundle, for_name="b")
    dialog = feature_of(window).export_dialog
    assert bundle.is_file() and Path(f"{bundle}.sha256").is_file()
    assert "Wrote" in dialog.result_label.text() and "a-pour-b.bundle.sha256" in (
        dialog.result_label.text()
    )
    assert interaction.errors == []

    open_in_window(qtbot, window, b)
    assert head(b) != head(a)
    import_through_menu(qtbot, window, bundle)
    assert interaction.errors == []
    assert head(b) == head(a)
    assert "Received 1 new change from" in feature_of(window).last_message
    body = window.document.charter.principle(FIRST).body  # the window reloaded
    assert body.startswith("Ajouté sur le portable A.")
    assert git(b, "status", "--porcelain") == ""


@pytest.mark.parametrize("damage", ["altered", "truncated-without-checksum"])
def test_a_damaged_export_is_refused_and_changes_nothing(
    qtbot, window, tmp_path, interaction, damage
):
    a, b = tmp_path / "a", tmp_path / "b"
    edit_body(a, FIRST, lambda body: body + "\n\nParagraphe de A.")
    bundle = tmp_path / "a.bundle"
    export_through_dialog(qtbot, window, bundle)
    data = bytearray(bundle.read_bytes())
    if damage == "altered":
        data[len(data) // 2] ^= 0xFF
    else:
        data = data[: len(data) - 40]
        Path(f"{bundle}.sha256").unlink()
    bundle.write_bytes(bytes(data))
    open_in_window(qtbot, window, b)
    before = snapshot(b)
    import_through_menu(qtbot, window, bundle)
    assert len(interaction.errors) == 1
    assert isinstance(interaction.errors[0], CharterError)
    assert "Refused:" in feature_of(window).last_message
    assert snapshot(b) == before


def test_sync_with_a_shared_folder_and_a_refused_address(qtbot, window, tmp_path, interaction):
    a = tmp_path / "a"
    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(shared))
    feature = feature_of(window)
    dialog = feature.show_server()
    qtbot.addWidget(dialog)
    dialog.url_edit.setText("http://example.org/charte.git")
    dialog.run_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert len(interaction.errors) == 1
    assert dialog.result_label.text().startswith("Refused:")

    dialog.url_edit.setText(str(shared))
    dialog.run_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert len(interaction.errors) == 1, interaction.errors
    assert head(shared) == head(a)
    assert "Sent this laptop’s changes" in dialog.result_label.text()
    assert window.context.settings.value("sync/server") == str(shared)
    dialog.close()
    again = feature.show_server()
    assert again.url_edit.text() == str(shared)


def test_a_server_asking_for_a_password_gets_it_from_the_dialog(
    qtbot, window, tmp_path, interaction, https_server
):
    from tests.test_sync_https_auth import PASSWORD, USER

    feature = feature_of(window)
    dialog = feature.show_server()
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(https_server)
    dialog.run_button.click()  # no user name yet: the dialog says so, no error box
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert interaction.errors == []
    assert "asks for a user name and password" in dialog.result_label.text()
    assert dialog.user_edit.hasFocus()

    dialog.user_edit.setText(USER)
    dialog.password_edit.setText("wrong")
    dialog.run_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert "refused the user name or password" in dialog.result_label.text()
    assert dialog.password_edit.hasFocus() and dialog.password_edit.selectedText() == "wrong"

    dialog.password_edit.setText(PASSWORD)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert "Sent this laptop’s changes" in dialog.result_label.text()
    assert interaction.errors == []
    settings = window.context.settings
    assert settings.value("sync/user") == USER
    assert all(PASSWORD not in str(settings.value(key)) for key in settings.allKeys())


def make_conflict(tmp_path: Path) -> tuple[Path, Path, str, str]:
    a, b = tmp_path / "a", tmp_path / "b"
    mine = edit_body(a, FIRST, lambda body: "Version du portable A.\n\n" + body.split("\n\n", 1)[1])
    theirs = edit_body(
        b, FIRST, lambda body: "Version du portable B.\n\n" + body.split("\n\n", 1)[1], JEAN
    )
    return a, b, mine, theirs


def test_a_conflict_opens_side_by_side_and_resolving_makes_a_merge(
    qtbot, window, tmp_path, interaction
):
    a, b, mine, theirs = make_conflict(tmp_path)
    window.reload_from_disk()
    with CharterRepository.open(b) as repository:
        from charter_app.storage.bundles import export_bundle

        export_bundle(repository, tmp_path / "b.bundle", sender="b")
    before = head(a)
    import_through_menu(qtbot, window, tmp_path / "b.bundle")
    feature = feature_of(window)
    view = feature.conflict_view
    assert view is not None and view.isVisible()
    assert head(a) == before  # nothing changes until every conflict is resolved
    assert view.list.count() == 1
    assert raw_text(view.mine_text) == mine
    assert raw_text(view.theirs_text) == theirs
    result = view.result_text.toPlainText()
    # Yours and theirs side by side; the result says in words which passage is to choose,
    # with none of git's conflict marks.
    assert "Version du portable A." not in result and "Version du portable B." not in result
    assert has_marks(result) and "<<<<<<<" not in result and "=======" not in result
    assert "[Passage 1: choose above which words to keep]" in result.splitlines()
    # Using a result that still holds both versions is refused, in words.
    view.use_button.click()
    assert len(interaction.errors) == 1 and head(a) == before
    view.choose(0, THEIRS)
    assert not has_marks(view.result_text.toPlainText())
    view.result_text.undo()  # the choice is an ordinary edit: undo brings the marks back
    assert has_marks(view.result_text.toPlainText())
    view.choose(0, THEIRS)
    window.who_combo.setCurrentIndex(window.who_combo.findData(CLAIRE))
    with qtbot.waitSignal(view.resolved, timeout=15_000):
        view.use_button.click()
    qtbot.waitUntil(lambda: not view.isVisible())
    parents = git(a, "log", "-1", "--format=%P").split()
    assert len(parents) == 2
    with CharterRepository.open(a) as repository:
        assert repository.load("HEAD").principle(FIRST).body == theirs
    assert window.document.charter.principle(FIRST).body == theirs
    assert git(a, "status", "--porcelain") == ""
    assert "resolved" in feature.last_message


def test_a_principle_deleted_here_and_edited_there_can_be_deleted_from_the_view(
    qtbot, window, tmp_path, interaction
):
    from charter_app.core import operations
    from charter_app.storage.bundles import export_bundle

    a, b = tmp_path / "a", tmp_path / "b"
    with CharterRepository.open(a) as repository:
        charter, change = operations.remove_principle(repository.load(), FIRST)
        assert repository.save(charter, change, CLAIRE)
    window.reload_from_disk()
    edit_body(b, FIRST, lambda body: body + "\n\nAjout du portable B.", JEAN)
    with CharterRepository.open(b) as repository:
        export_bundle(repository, tmp_path / "b.bundle", sender="b")
    import_through_menu(qtbot, window, tmp_path / "b.bundle")
    view = feature_of(window).conflict_view
    assert view is not None and view.isVisible()
    assert view.mine_text.toPlainText() == "(deleted on this laptop)"
    assert view.delete_button.isVisible() and view.delete_button.isEnabled()
    window.who_combo.setCurrentIndex(window.who_combo.findData(CLAIRE))
    with qtbot.waitSignal(view.resolved, timeout=15_000):
        view.delete_button.click()
    qtbot.waitUntil(lambda: not view.isVisible())
    assert interaction.errors == []
    assert len(git(a, "log", "-1", "--format=%P").split()) == 2
    with CharterRepository.open(a) as repository:
        assert repository.load().principle(FIRST) is None
    qtbot.waitUntil(lambda: window.document.charter.principle(FIRST) is None)


def test_conflict_view_reopens_after_a_restart_and_can_be_abandoned(qtbot, window, tmp_path):
    a, b, mine, _theirs = make_conflict(tmp_path)
    with CharterRepository.open(b) as repository:
        from charter_app.storage.bundles import export_bundle

        export_bundle(repository, tmp_path / "b.bundle", sender="b")
    with CharterRepository.open(a) as repository:
        from charter_app.storage.bundles import import_bundle

        assert import_bundle(repository, tmp_path / "b.bundle").conflicts
    open_in_window(qtbot, window, b)
    open_in_window(qtbot, window, a)  # opening the charter offers the waiting conflicts
    feature = feature_of(window)
    qtbot.waitUntil(lambda: feature.conflict_view is not None, timeout=10_000)
    view = feature.conflict_view
    assert view.isVisible() and view.list.count() == 1
    before = head(a)
    with qtbot.waitSignal(view.abandoned):
        view.abandon_button.click()
    assert head(a) == before
    with CharterRepository.open(a) as repository:
        from charter_app.storage.sync import pending_conflicts

        assert pending_conflicts(repository) == ()


def test_segments_agree_with_merge3():
    from charter_app.diffing.merge3 import merge3

    base = "Un.\n\nDeux.\n\nTrois."
    mine = "Un modifié ici.\n\nDeux.\n\nTrois."
    theirs = "Un modifié là.\n\nDeux.\n\nTrois et plus."
    segments = merge_segments(base, mine, theirs)
    regions = [s for s in segments if not isinstance(s, str)]
    assert len(regions) == len(merge3(base, mine, theirs).conflicts) == 1
    assert build_result(segments, [THEIRS]) == "Un modifié là.\n\nDeux.\n\nTrois et plus."
    marked = build_result(segments, [MARKED])
    # Not chosen yet: a line in words stands for the passage (both versions stay in the
    # "yours" and "theirs" panes), never git's conflict marks.
    assert has_marks(marked) and "Un modifié" not in marked and "<<<<<<<" not in marked
    clean = merge_segments(base, mine, "Un.\n\nDeux.\n\nTrois et plus.")
    assert (
        "\n".join(s for s in clean if isinstance(s, str))
        == merge3(base, mine, "Un.\n\nDeux.\n\nTrois et plus.").text
    )


def test_sync_dialogs_and_conflict_view_are_accessible(qtbot, window, tmp_path):
    feature = feature_of(window)
    for dialog in (feature.show_export(), feature.show_server()):
        qtbot.addWidget(dialog)
        assert unnamed_widgets(dialog) == [], type(dialog).__name__
        dialog.close()
    a, b, _mine, _theirs = make_conflict(tmp_path)
    with CharterRepository.open(b) as repository:
        from charter_app.storage.bundles import export_bundle

        export_bundle(repository, tmp_path / "b.bundle", sender="b")
    import_through_menu(qtbot, window, tmp_path / "b.bundle")
    view = feature.conflict_view
    assert view is not None
    assert unnamed_widgets(view) == []
    assert view.region_combos and view.region_combos[0].accessibleDescription()
    for action in (
        feature.export_action,
        feature.import_action,
        feature.server_action,
        feature.conflicts_action,
    ):
        assert not action.shortcut().isEmpty()
    view.close()


def test_a_sync_with_conflicts_counts_changes_and_texts_each_in_its_own_plural():
    from types import SimpleNamespace

    from charter_app import i18n
    from charter_app.ui.sync_messages import describe_result

    result = SimpleNamespace(
        source="la clé USB", new_commits=3, outcome="conflicts", conflicts=["droits"], pushed=False
    )
    before = i18n.current_language()
    try:
        i18n.set_language("en")
        assert describe_result(result).startswith(
            "Received 3 new changes from la clé USB. 1 text was changed differently"
        )
        i18n.set_language("fr")
        assert describe_result(result).startswith(
            "3 nouvelles modifications reçues de la clé USB. 1 texte a été modifié différemment"
        )
    finally:
        i18n.set_language(before)
