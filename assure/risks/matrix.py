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
        """Black or white, whichever reads better on the band's colour."""
        red, green, blue = (int(self.colour[i : i + 2], 16) for i in (1, 3, 5))
        return "#0b0c0c" if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "#ffffff"


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
