import os
from typing import Any, Iterable, Union

from ._brink import (
    BrinkError as BrinkError,
    ConvergenceError as ConvergenceError,
    InputError as InputError,
    InternalError as InternalError,
    Scenario as Scenario,
    ScenarioError as ScenarioError,
    UsageError as UsageError,
    forecast as forecast,
    simulate as simulate,
    version as version,
)

__version__: str

class BrinkWarning(UserWarning): ...

Part = Union[str, bytes, "os.PathLike[str]"]

def merge(parts: Iterable[Part]) -> dict[str, Any]: ...
def frame(result: dict[str, Any]) -> Any: ...
