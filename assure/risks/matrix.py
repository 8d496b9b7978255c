"""A register's risk matrix: impact × likelihood, the score as their product, and the bands.

Framework-free: plain data and rules, used by services, checks, exports and imports alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_IMPACT_LABELS = ["Negligible", "Minor", "Moderate", "Major", "Severe"]
DEFAULT_LIKELIHOOD_LABELS = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
# Each band applies from its lowest score upwards until the next band starts.
DEFAULT_BANDS: list[dict[str, Any]] = [
    {"name": "Low", "min": 1, "colour": "#00703c"},
    {"name": "Medium", "min": 5, "colour": "#ffdd00"},
    {"name": "High", "min": 10, "colour": "#f47738"},
    {"name": "Very high", "min": 15, "colour": "#d4351c"},
]
# Days between reviews, by band.
DEFAULT_REVIEW_DAYS = {"Low": 91, "Medium": 91, "High": 91, "Very high": 30}


class ScoreError(ValueError):
    """An impact or likelihood that the matrix cannot hold; the message says what to enter."""


@dataclass(frozen=True)
class Band:
    name: str
    min: int
    colour: str

    @property
    def text_colour(self) -> str:
        """Near-black or white, whichever has the higher WCAG contrast on the band's colour."""
        background = _luminance(self.colour)
        on_dark = (1.05) / (background + 0.05)  # white text
        on_light = (background + 0.05) / (_luminance("#0b0c0c") + 0.05)
        return "#ffffff" if on_dark >= on_light else "#0b0c0c"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@dataclass(frozen=True)
class Matrix:
    size: int = 5
    impact_labels: list[str] = field(default_factory=lambda: list(DEFAULT_IMPACT_LABELS))
    likelihood_labels: list[str] = field(default_factory=lambda: list(DEFAULT_LIKELIHOOD_LABELS))
    bands: list[Band] = field(default_factory=lambda: [Band(**b) for b in DEFAULT_BANDS])

    @classmethod
    def from_config(
        cls, *, size: int, impact_labels: list[str], likelihood_labels: list[str], bands: list[dict]
    ) -> Matrix:
        return cls(
            size=size,
            impact_labels=list(impact_labels),
            likelihood_labels=list(likelihood_labels),
            bands=sorted(
                (Band(name=b["name"], min=int(b["min"]), colour=b["colour"]) for b in bands), key=lambda b: b.min
            ),
        )

    @property
    def max_score(self) -> int:
        return self.size * self.size

    def problems(self) -> list[str]:
        """What is wrong with the configuration itself, in words an administrator can act on."""
        found = []
        if not 2 <= self.size <= 10:
            found.append("The matrix must have between 2 and 10 steps on each axis.")
        if len(self.impact_labels) != self.size:
            found.append(f"Give one impact label for each of the {self.size} steps.")
        if len(self.likelihood_labels) != self.size:
            found.append(f"Give one likelihood label for each of the {self.size} steps.")
        if not self.bands or self.bands[0].min != 1:
            found.append("The lowest band must start at a score of 1.")
        return found

    def check_step(self, value: Any, axis: str) -> int:
        """A whole number from 1 to the matrix size, or a ScoreError naming the axis."""
        if isinstance(value, bool) or value is None or value == "":
            raise ScoreError(f"Enter the {axis} as a whole number from 1 to {self.size}.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ScoreError(f"Enter the {axis} as a whole number from 1 to {self.size}, not {value!r}.") from None
        if number != int(number):
            raise ScoreError(f"The {axis} must be a whole number from 1 to {self.size}, not {value}.")
        if not 1 <= number <= self.size:
            raise ScoreError(f"The {axis} must be from 1 to {self.size} on this register's matrix, not {int(number)}.")
        return int(number)

    def score(self, impact: Any, likelihood: Any) -> int:
        return self.check_step(impact, "impact") * self.check_step(likelihood, "likelihood")

    def band(self, score: int | None) -> Band | None:
        if not score:
            return None
        chosen = None
        for band in self.bands:
            if score >= band.min:
                chosen = band
        return chosen

    def grid(self) -> list[list[tuple[int, int, int]]]:
        """Rows from the most likely down, each cell (impact, likelihood, score), as a heat map is drawn."""
        return [
            [(impact, likelihood, impact * likelihood) for impact in range(1, self.size + 1)]
            for likelihood in range(self.size, 0, -1)
        ]
