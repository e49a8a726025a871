"""Type stubs of the Rust extension module (brink-py's src/lib.rs)."""

import os
from typing import Any, Mapping, Optional, Sequence, Tuple, Union

ScenarioArg = Union["Scenario", str, "os.PathLike[str]"]
Models = Union[None, str, Sequence[str]]

class BrinkError(Exception): ...

class ScenarioError(BrinkError):
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]
    field: Optional[str]
    diagnostics: list[dict[str, Any]]

class InputError(BrinkError): ...
class UsageError(BrinkError): ...
class ConvergenceError(BrinkError): ...
class InternalError(BrinkError): ...

class Scenario:
    """A loaded, validated scenario (TOML, JSON, KTAB CSV/XML, BDM CSV, decide)."""
    @staticmethod
    def load(path: Union[str, "os.PathLike[str]"]) -> "Scenario": ...
    @staticmethod
    def from_text(text: str, name: str = "scenario.toml") -> "Scenario": ...
    @staticmethod
    def from_dict(data: Mapping[str, Any], name: str = "scenario.json") -> "Scenario": ...
    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def issues(self) -> list[str]: ...
    @property
    def actors(self) -> list[str]: ...
    @property
    def warnings(self) -> list[str]: ...

def forecast(
    scenario: ScenarioArg,
    models: Models = None,
    *,
    rounds: Optional[int] = None,
    seed: int = 0,
    interval_runs: int = 400,
    variant: Optional[str] = None,
    utility: str = "quadratic",
    options: Optional[Mapping[str, Any]] = None,
    until_stable: bool = False,
    force: bool = False,
) -> dict[str, Any]:
    """`brink forecast --format json` as a dict."""

def simulate(
    scenario: ScenarioArg,
    models: Models = None,
    *,
    runs: int = 10_000,
    seed: int = 0,
    jitter: Optional[float] = None,
    bins: int = 20,
    threads: Optional[int] = None,
    rounds: Optional[int] = None,
    variant: Optional[str] = None,
    utility: str = "quadratic",
    options: Optional[Mapping[str, Any]] = None,
    force: bool = False,
    shard: Union[None, str, Tuple[int, int]] = None,
    draws: bool = False,
) -> Any:
    """`brink simulate --format json` as a dict; with `shard=(k, n)` that shard's part (str)."""

def merge_texts(parts: Sequence[str], names: Optional[Sequence[str]] = None) -> dict[str, Any]: ...
def version() -> str: ...
def _panic_for_tests() -> None: ...
