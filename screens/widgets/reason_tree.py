"""A downtime reason as two taps: a category, then one of its reasons, in one fixed-height bar.

It lives in a screen's fixed slot (see the Lots screen), or compact (48 px buttons, the touch minimum) in
the window's strip over the screen title (screens/downtime_prompt.py), so it covers and moves no control
when a stop asks for its reason. Categories and reasons come from the master data, in the operator's
language; a long list pages with "More".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from hmi.oee.service import ReasonCategory

BUTTONS = 5             # choices shown at once, beside the question and the Back/More button


class ReasonTreeBar(QFrame):
    chosen = Signal(str)      # a downtime reason code

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("ReasonPromptBar" if compact else "ConfirmBar")
        # It takes the width it is given: a longer question wraps, it never widens (and so moves) the screen.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(*((12, 2, 2, 2) if compact else (16, 10, 16, 10)))
        row.setSpacing(6 if compact else row.spacing())
        self.question = QLabel(objectName="Notice")
        self.question.setWordWrap(True)
        self.question.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.question, 1)
        self.buttons: list[QPushButton] = []
        # Compact, a button is as wide as its text (the strip is narrow), never less than a glove's target.
        size = (48, 48) if compact else (112, 64)
        for i in range(BUTTONS):
            button = QPushButton(objectName=f"ReasonChoice{i}")
            button.setMinimumSize(*size)
            button.clicked.connect(lambda _=False, i=i: self._tapped(i))
            row.addWidget(button)
            self.buttons.append(button)
        self.back_button = QPushButton(objectName="ReasonBack")
        self.back_button.setMinimumSize(*((48, 48) if compact else (96, 64)))
        self.back_button.clicked.connect(self._back)
        row.addWidget(self.back_button)
        self._tree: list[ReasonCategory] = []
        self._korean = False
        self._category: ReasonCategory | None = None
        self._page = 0
        self._back_text = ("Back", "More")

    def hasHeightForWidth(self) -> bool:
        # The bar has its slot's fixed height: a wrapped question must not make the screen ask for more.
        return False

    def set_tree(self, tree: Sequence[ReasonCategory], *, korean: bool, back: str, more: str) -> None:
        self._tree = list(tree)
        self._korean = korean
        self._back_text = (back, more)
        if self._category is not None:
            self._category = next((c for c in self._tree if c.name == self._category.name), None)
        self._show()

    def reset(self) -> None:
        """Back to the categories (a new stop asks from the top)."""
        self._category = None
        self._page = 0
        self._show()

    def _choices(self) -> list[tuple[str, str]]:
        """(key, shown text) of what the buttons offer now."""
        if self._category is None:
            return [(c.name, c.name_ko if self._korean and c.name_ko else c.name or "—") for c in self._tree]
        return [(r.code, r.name_ko if self._korean and r.name_ko else r.name) for r in self._category.reasons]

    def _show(self) -> None:
        choices = self._choices()
        pages = max(1, -(-len(choices) // BUTTONS))
        self._page %= pages
        shown = choices[self._page * BUTTONS:(self._page + 1) * BUTTONS]
        for i, button in enumerate(self.buttons):
            if i < len(shown):
                button.setText(shown[i][1])
                button.setProperty("key", shown[i][0])
            button.setVisible(i < len(shown))
        back, more = self._back_text
        self.back_button.setText(back if self._category is not None else more)
        self.back_button.setVisible(self._category is not None or pages > 1)

    def _tapped(self, index: int) -> None:
        key = str(self.buttons[index].property("key"))
        if self._category is None:
            self._category = next((c for c in self._tree if c.name == key), None)
            self._page = 0
            if self._category is not None and len(self._category.reasons) == 1:
                self.chosen.emit(self._category.reasons[0].code)   # one reason: the category is the answer
                self.reset()
                return
            self._show()
        else:
            self.chosen.emit(key)
            self.reset()

    def _back(self) -> None:
        if self._category is not None:
            self._category, self._page = None, 0
        else:
            self._page += 1         # "More": the next page of categories
        self._show()
