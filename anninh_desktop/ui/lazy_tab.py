"""A tab page whose content is built the first time it is shown, so start-up stays short."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyTab(QWidget):
    def __init__(
        self,
        factory: Callable[[], QWidget],
        parent: QWidget | None = None,
        *,
        build_on_show: bool = True,
    ) -> None:
        """`build_on_show=False`: the owner builds the content (`widget()`) when it chooses, e.g.
        right after the window's first paint, so the first paint does not wait for it."""
        super().__init__(parent)
        self._factory = factory
        self._build_on_show = build_on_show
        self._widget: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def created(self) -> bool:
        return self._widget is not None

    def widget(self) -> QWidget:
        """The content, built now if it was not yet."""
        if self._widget is None:
            self._widget = self._factory()
            self.layout().addWidget(self._widget)
            self._widget.show()  # else it is shown only by a queued call, after the caller ran
        return self._widget

    def showEvent(self, event: QShowEvent) -> None:
        if self._build_on_show:
            self.widget()
        super().showEvent(event)
