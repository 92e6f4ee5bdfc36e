"""Print pip constraints pinning every requirement of pyproject.toml to its lower bound;
with `--requirements`, the requirements themselves.

`.ci/run` installs the project with them once more and runs the suite again, so a
floor that does not really work (a `>=` the code has outgrown) fails CI.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
    if "--requirements" in sys.argv:
        print(line.split("#")[0].strip())
        continue
    requirement = Requirement(line)
    floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    if floors:
        print(f"{requirement.name.lower().replace('_', '-')}=={max(floors)}")
