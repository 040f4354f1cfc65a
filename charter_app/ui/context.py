"""What every window shares: settings, appearance, translators and the dialogs' interaction.

Passed explicitly to windows (no global application state).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from charter_app import i18n, paths
from charter_app.ui import collector
from charter_app.ui.interaction import Interaction
from charter_app.ui.theme import Appearance

MAX_RECENT = 8

_qt_translators: list[QTranslator] = []
"""Qt's translators installed on the application (one application per process)."""


def open_settings() -> QSettings:
    """Settings in ``paths.config_dir()`` (CHARTER_STUDIO_HOME isolates tests)."""
    folder = paths.config_dir()
    return QSettings(str(folder / "charter-studio.ini"), QSettings.IniFormat)


class AppContext:
    def __init__(
        self,
        app: QApplication,
        settings: QSettings | None = None,
        interaction: Interaction | None = None,
    ) -> None:
        self.app = app
        collector.install(app)
        self.settings = settings or open_settings()
        self.interaction = interaction or Interaction()
        self.appearance = Appearance(app)
        self.language = str(self.settings.value("language", "") or i18n.system_language())
        if self.language not in i18n.SUPPORTED_LANGUAGES:
            self.language = "en"

    def apply_saved_preferences(self) -> None:
        i18n.set_language(self.language)
        self._install_qt_translations(self.language)
        self.appearance.set_scale(float(self.settings.value("appearance/scale", 1.0)))
        self.appearance.set_high_contrast(_as_bool(self.settings.value("appearance/contrast")))

    def set_language(self, language: str) -> None:
        self.language = language
        i18n.set_language(language)
        self._install_qt_translations(language)
        self.settings.setValue("language", language)

    def set_scale(self, scale: float) -> None:
        self.appearance.set_scale(scale)
        self.settings.setValue("appearance/scale", self.appearance.scale)

    def set_high_contrast(self, enabled: bool) -> None:
        self.appearance.set_high_contrast(enabled)
        self.settings.setValue("appearance/contrast", enabled)

    def _install_qt_translations(self, language: str) -> None:
        """Qt's own dialogs (file dialog, message box buttons) in the same language.

        The translators are the application's, not this context's: whichever context installed
        them, the ones in place are removed first, so a language switch is always complete.
        """
        for translator in _qt_translators:
            QCoreApplication.removeTranslator(translator)
        _qt_translators.clear()
        locale = QLocale(QLocale.French if language == "fr" else QLocale.English)
        QLocale.setDefault(locale)
        if language == "en":
            return
        folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
        translator = QTranslator(self.app)
        if translator.load(locale, "qtbase", "_", folder):
            QCoreApplication.installTranslator(translator)
            _qt_translators.append(translator)

    # -- recent charters and who was writing ----------

    def recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def remember(self, folder: str) -> None:
        folders = [folder, *[f for f in self.recent() if f != folder]][:MAX_RECENT]
        self.settings.setValue("recent", folders)
        self.settings.setValue("last", folder)

    def last(self) -> str | None:
        value = self.settings.value("last", "")
        return str(value) if value else None

    def participant_for(self, folder: str) -> str | None:
        value = self.settings.value(f"participant/{_key(folder)}", "")
        return str(value) if value else None

    def set_participant_for(self, folder: str, participant_id: str) -> None:
        self.settings.setValue(f"participant/{_key(folder)}", participant_id)


def _key(folder: str) -> str:
    import hashlib

    return hashlib.sha1(folder.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _as_bool(value: object) -> bool:
    return value in (True, "true", "1", 1)
