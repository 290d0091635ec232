"""Python names from spec names, the same way in every codegen step."""

from __future__ import annotations

import keyword
import re


def snake(name: str) -> str:
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_|-)|[A-Z]?[a-z]+|[A-Z]+|\d+", name)
    result = "_".join(word.lower() for word in words)
    return f"{result}_" if keyword.iskeyword(result) else result


def pascal(name: str) -> str:
    return "".join(word.capitalize() for word in snake(name).split("_"))
