"""The council panel driven like a clerk would, on a real git repository: decisions with votes,
a conflicting adoption that writes nothing, a batch previewed then adopted, version v1.0."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from charter_app.cli import main as cli
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import AmendmentKind, TextState
from charter_app.ui.council_models import AmendmentRow, AmendmentTableModel, VersionTableModel
from charter_app.ui.council_panel import (
    AdoptVersionDialog,
    BatchDialog,
    ConflictDialog,
    CouncilFeature,
    next_version_name,
)
from charter_app.ui.workspaces import COUNCIL  # noqa: E402
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window
git = helpers.git

AUTHOR = "p-cbb40a"
SOVEREIGNTY = "souverainete-numerique"
INCLUSION = "inclusion-mediation"


MY_FEATURES = [
    "charter_app.ui.council_panel:CouncilFeature",
    "charter_app.ui.export_dialog:ExportFeature",
    "charter_app.ui.import_dialog:ImportFeature",
]


@pytest.fixture(autouse=True)
def only_these_features(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window with the council, export and import features only: other panels, written at
    the same time, are tested in their own modules."""
    from charter_app.ui import features

    monkeypatch.setattr(features, "FEATURES", [*MY_FEATURES, features.FEATURES[-1]])


@pytest.fixture(autouse=True)
def no_global_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tester's own git configuration (a signing key...) never leaks in."""
    config = tmp_path / "global.gitconfig"
    config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    return config


def run_cli(path: Path, *argv: str, capsys) -> str:
    capsys.readouterr()
    assert cli(["-C", str(path), *argv]) == 0
    return capsys.readouterr().out


def amend_body(path: Path, tmp_path: Path, capsys, principle_id: str, old: str, new: str) -> str:
    """File (as another laptop would) an amendment replacing ``old`` by ``new``; its number."""
    body = json.loads(run_cli(path, "principle", "show", principle_id, "--json", capsys=capsys))
    assert old in body["body"]
    text = tmp_path / f"amendment-{len(list(tmp_path.iterdir()))}.md"
    text.write_text(body["body"].replace(old, new, 1), encoding="utf-8")
    out = run_cli(
        path, "amend", principle_id, "--body-file", str(text), "--rationale", "Parce que",
        "--as", AUTHOR, "--json", capsys=capsys,
    )  # fmt: skip
    return str(json.loads(out)["number"])


def amend_insert(path: Path, tmp_path: Path, capsys, after: str, title: str) -> str:
    text = tmp_path / f"insert-{len(list(tmp_path.iterdir()))}.md"
    text.write_text(f"Texte de {title}.", encoding="utf-8")
    out = run_cli(
        path, "amend", "--insert-after", after, "--title", title, "--body-file", str(text),
        "--rationale", "Manque", "--as", AUTHOR, "--json", capsys=capsys,
    )  # fmt: skip
    return str(json.loads(out)["number"])


def feature_of(window) -> CouncilFeature:
    return next(f for f in window.features if isinstance(f, CouncilFeature))


def refreshed(qtbot, window) -> CouncilFeature:
    window.workspaces.show(COUNCIL)  # the council panel's home
    feature = feature_of(window)
    feature.refresh()
    qtbot.waitUntil(lambda: not feature.busy, timeout=20_000)
    return feature


def row_id(feature: CouncilFeature, label: str) -> str:
    return next(r.id for r in feature.panel.state.rows if r.label == label)


def trailers(path: Path) -> list[str]:
    out = git(path, "log", "-1", "--format=%(trailers:only,unfold)")
    return [line for line in out.splitlines() if line]


def state_of(path: Path) -> tuple[str, str, str]:
    """HEAD, status and tags: what "nothing was written" leaves unchanged."""
    return (
        git(path, "rev-parse", "HEAD"),
        git(path, "status", "--porcelain", "--untracked-files=all"),
        git(path, "tag", "--list"),
    )


def choose_outcome(panel, outcome: str) -> None:
    panel.outcome_combo.setCurrentIndex(panel.outcome_combo.findData(outcome))


def test_a_decision_with_votes_is_one_commit_with_its_trailers(
    qtbot, window, interaction, tmp_path, capsys
):
    path = window.document.path
    number = amend_body(path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    feature = refreshed(qtbot, window)
    panel = feature.panel
    assert [r.label for r in panel.state.rows] == [number]
    assert panel.model.index(0, 3).data() == "registered"
    assert panel.model.index(0, 4).data() == "clean"  # the text state, in words
    clerk = window.current_participant()
    before = git(path, "rev-parse", "HEAD").strip()

    window.findChild(type(feature.decide_action), None)  # the menu entry exists
    feature.focus_decision()
    assert panel.isVisible()
    panel.select_amendment(row_id(feature, number))
    choose_outcome(panel, "rejected")
    panel.votes_box.setChecked(True)
    panel.for_spin.setValue(4)
    panel.against_spin.setValue(15)
    panel.ref_edit.setText("Délibération 2026-14")
    panel.date_edit.setText("2026-03-12")
    qtbot.mouseClick(panel.decide_button, Qt.LeftButton)
    helpers.written(qtbot, window)

    assert interaction.errors == []
    assert git(path, "rev-parse", "HEAD^").strip() == before
    assert trailers(path) == [
        f"Charter-Amendment: {number}",
        "Charter-Decision: rejected 4-15-0",
        f"Charter-Participant: {clerk}",
    ]
    assert git(path, "status", "--porcelain") == ""
    qtbot.waitUntil(lambda: not feature.busy, timeout=20_000)
    assert panel.model.index(0, 3).data() == "rejected"
    assert not panel.decide_button.isEnabled()  # a decision is final


def test_adopting_applies_the_text_and_reloads_the_window(
    qtbot, window, interaction, tmp_path, capsys
):
    path = window.document.path
    number = amend_body(
        path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses outils numériques,"
    )
    feature = refreshed(qtbot, window)
    feature.panel.select_amendment(row_id(feature, number))
    choose_outcome(feature.panel, "adopted")
    feature.record_decision()
    helpers.written(qtbot, window)
    assert interaction.errors == []
    assert "Charter-Decision: adopted" in trailers(path)
    assert f"Charter-Principle: {SOVEREIGNTY}" in trailers(path)
    body = window.document.charter.principle(SOVEREIGNTY).body
    assert "de ses outils numériques," in body  # reload_from_disk showed the new text


def test_a_refresh_that_changed_no_amendment_keeps_the_list_and_its_selection(
    qtbot, window, tmp_path, capsys
):
    path = window.document.path
    first = amend_body(path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    second = amend_body(path, tmp_path, capsys, INCLUSION, "", "Nouveau. ")
    feature = refreshed(qtbot, window)
    panel = feature.panel
    panel.select_amendment(row_id(feature, second))
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    feature.refresh()  # as after a comment from a phone: the amendments are as they were
    qtbot.waitUntil(lambda: not feature.busy, timeout=20_000)
    assert resets == [] and panel.selected_row().label == second
    run_cli(path, "withdraw", first, "--as", AUTHOR, capsys=capsys)
    feature.refresh()  # one amendment changed: the list is rebuilt, the selection kept
    qtbot.waitUntil(lambda: not feature.busy, timeout=20_000)
    assert resets == [True] and panel.selected_row().label == second
    assert next(r for r in panel.state.rows if r.label == first).status.value == "withdrawn"


def test_a_conflicting_adoption_writes_nothing_and_shows_both_texts(
    qtbot, window, interaction, tmp_path, capsys
):
    path = window.document.path
    first = amend_body(
        path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses outils numériques,"
    )
    rival = amend_body(path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses logiciels,")
    feature = refreshed(qtbot, window)
    feature.panel.select_amendment(row_id(feature, first))
    choose_outcome(feature.panel, "adopted")
    feature.record_decision()
    helpers.written(qtbot, window)
    feature = refreshed(qtbot, window)
    assert feature.panel.model.index(1, 4).data() == "conflicting"
    before = state_of(path)

    feature.panel.select_amendment(row_id(feature, rival))
    choose_outcome(feature.panel, "adopted")
    feature.record_decision()
    helpers.written(qtbot, window)

    assert interaction.errors == []  # not a bare error: the conflict dialog
    dialog = feature.dialog
    assert isinstance(dialog, ConflictDialog)
    texts = " ".join(view.toPlainText() for view in dialog.findChildren(QTextBrowser))
    assert "de ses outils numériques," in texts  # the text now
    assert "de ses logiciels," in texts  # what the amendment proposes
    assert "Nothing was recorded" in dialog.summary.text()
    assert unnamed_widgets(dialog) == []
    dialog.reject()
    assert state_of(path) == before
    assert {r.label: r.status for r in feature.panel.state.rows}[rival] is (
        AmendmentStatus.REGISTERED
    )


def test_a_batch_is_previewed_then_adopted_in_the_council_order_in_one_commit(
    qtbot, window, interaction, tmp_path, capsys
):
    path = window.document.path
    first = amend_insert(path, tmp_path, capsys, INCLUSION, "Premier inséré")
    second = amend_insert(path, tmp_path, capsys, INCLUSION, "Second inséré")
    edit = amend_body(path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    feature = refreshed(qtbot, window)
    before = state_of(path)

    feature.open_batch()
    dialog = feature.dialog
    assert isinstance(dialog, BatchDialog)
    assert unnamed_widgets(dialog) == []
    ids = [row_id(feature, n) for n in (second, edit, first)]
    dialog.set_selection(ids)
    assert dialog.selection() == ids
    assert not dialog.adopt_button.isEnabled()  # never without a preview
    qtbot.mouseClick(dialog.preview_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview_result is not None, timeout=20_000)
    assert state_of(path) == before  # the what-if wrote nothing
    labels = [dialog.changed_list.item(i).text() for i in range(dialog.changed_list.count())]
    assert any("Second inséré" in label and "(new)" in label for label in labels)
    assert any(label.startswith("2 bis. Second inséré") for label in labels)
    assert dialog.adopt_button.isEnabled()
    assert "apply, in this order" in dialog.status.text()

    dialog.list.setCurrentRow(1)
    dialog.move_current(-1)  # a new order must be previewed again
    assert not dialog.adopt_button.isEnabled()
    dialog.set_selection(ids)
    dialog.run_preview()
    qtbot.waitUntil(lambda: dialog.adopt_button.isEnabled(), timeout=20_000)
    dialog.ref_edit.setText("Délibération 2026-15")
    qtbot.mouseClick(dialog.adopt_button, Qt.LeftButton)
    helpers.written(qtbot, window)

    assert interaction.errors == []
    assert git(path, "rev-parse", "HEAD^").strip() == before[0].strip()  # one commit
    decided = [t for t in trailers(path) if t.startswith("Charter-Amendment")]
    assert decided == [f"Charter-Amendment: {n}" for n in (second, edit, first)]
    numbers = {p.id: p.number for p in window.document.charter.principles}
    assert (numbers["second-insere"], numbers["premier-insere"]) == ("2 bis", "2 ter")


def test_a_batch_preview_reports_a_conflict_and_cannot_be_adopted(qtbot, window, tmp_path, capsys):
    path = window.document.path
    first = amend_body(
        path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses outils numériques,"
    )
    rival = amend_body(path, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses logiciels,")
    feature = refreshed(qtbot, window)
    before = state_of(path)
    feature.open_batch()
    dialog = feature.dialog
    dialog.set_selection([row_id(feature, first), row_id(feature, rival)])
    dialog.run_preview()
    qtbot.waitUntil(lambda: "cannot be applied" in dialog.status.text(), timeout=20_000)
    assert f"It collides with {first}." in dialog.status.text()
    assert "de ses logiciels," in dialog.status.text()
    assert not dialog.adopt_button.isEnabled()
    dialog.buttons.accepted.emit()  # Enter does nothing without a good preview
    assert dialog.isVisible()
    dialog.reject()
    assert state_of(path) == before


def test_adopt_version_v1_creates_the_tag_and_lists_it_unsigned(qtbot, window, interaction):
    path = window.document.path
    feature = refreshed(qtbot, window)
    feature.open_adopt_version()
    dialog = feature.dialog
    assert isinstance(dialog, AdoptVersionDialog)
    assert unnamed_widgets(dialog) == []
    assert dialog.name_edit.text() == "v1.0"  # suggested from versions()
    assert not dialog.sign_box.isEnabled()  # no signing key configured
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.isVisible() and "reference is empty" in dialog.error_label.text()
    dialog.ref_edit.setText("Délibération 2026-20")
    dialog.date_edit.setText("2026-04-02")
    dialog.renumber_box.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not feature.busy, timeout=20_000)
    qtbot.waitUntil(lambda: feature.panel.versions_model.rowCount() == 1, timeout=20_000)

    assert interaction.errors == []
    assert [tag.name for tag in window.document.repository.tags()] == ["v1.0"]
    assert git(path, "cat-file", "-t", "v1.0").strip() == "tag"
    model = feature.panel.versions_model
    assert [model.index(0, c).data() for c in range(4)] == [
        "v1.0",
        "2026-04-02",
        "Délibération 2026-20",
        "—",
    ]
    assert "not signed" in model.index(0, 4).data()  # in words, not a colour
    assert next_version_name(model.versions()) == "v2.0"


def test_sign_is_offered_only_when_a_signing_key_is_configured(qtbot, window, no_global_git_config):
    feature = refreshed(qtbot, window)
    assert feature.panel.state.signing is False
    no_global_git_config.write_text("[user]\n\tsigningkey = 0123456789ABCDEF\n")
    feature = refreshed(qtbot, window)
    assert feature.panel.state.signing is True
    feature.open_adopt_version()
    assert feature.dialog.sign_box.isEnabled()
    feature.dialog.reject()


def test_the_panel_and_its_dialogs_are_named_and_reachable(qtbot, window):
    feature = refreshed(qtbot, window)
    feature.panel.show()
    assert unnamed_widgets(feature.panel) == []
    assert unnamed_widgets(window) == []
    for action in (
        feature.panel_action,
        feature.decide_action,
        feature.batch_action,
        feature.version_action,
    ):
        assert not action.shortcut().isEmpty(), action.text()
        assert action in feature.menu.actions()


def test_models_pass_the_model_tester(qtmodeltester):
    rows = [
        AmendmentRow(
            "a-1", "A-1", AmendmentKind.MODIFY, "1. Souveraineté", AmendmentStatus.REGISTERED,
            TextState.CLEAN, "Parce que", "Claire",
        ),
        AmendmentRow(
            "a-2", "A-2", AmendmentKind.INSERT, "new", AmendmentStatus.ADOPTED, None, "", "Jean",
        ),
    ]  # fmt: skip
    model = AmendmentTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.index(1, 4).data() == "—"
    versions = VersionTableModel()
    qtmodeltester.check(versions)


def test_version_model_passes_the_model_tester_with_versions(qtbot, window, qtmodeltester, capsys):
    path = window.document.path
    run_cli(path, "adopt", "v1.0", "--ref", "D-1", "--as", AUTHOR, capsys=capsys)
    feature = refreshed(qtbot, window)
    assert feature.panel.versions_model.rowCount() == 1
    qtmodeltester.check(feature.panel.versions_model)
