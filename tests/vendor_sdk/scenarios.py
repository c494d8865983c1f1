"""The scenarios (scenarios.json: license models; scenarios_accounts.json: bundles, versions,
device variables, account calls, offline activation) and the rules for replaying them.

Any client can replay a scenario: run each step's operation with its arguments, then check the
answer with `check_step`. The vendor SDK drivers (test_python_sdk.py, node/test_node_sdk.js)
do exactly that, so a later driver for this project's own library can compare results step by
step with the vendor's.
"""

import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "scenarios.json"), encoding="utf-8") as f:
    SCENARIOS = json.load(f)["scenarios"]

with open(os.path.join(HERE, "scenarios_accounts.json"), encoding="utf-8") as f:
    ACCOUNT_SCENARIOS = json.load(f)["scenarios"]

_REF = re.compile(r"^\$\{(\w+)\.(\w+)\}$")


def resolve(value, saved):
    """Replace '${name.field}' values (at any depth) with fields of answers saved by earlier
    steps."""
    if isinstance(value, dict):
        return {k: resolve(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, saved) for v in value]
    if isinstance(value, str):
        m = _REF.match(value)
        if m:
            return saved[m.group(1)][m.group(2)]
    return value


def matches(expected, actual, path="$"):
    """Assert that `actual` contains `expected` (dicts: a subset; lists and scalars: equal;
    '~string' / '~int' match any value of that type)."""
    if expected == "~string":
        assert isinstance(actual, str), f"{path}: expected a string, got {actual!r}"
    elif expected == "~int":
        assert isinstance(actual, int) and not isinstance(actual, bool), (
            f"{path}: expected an integer, got {actual!r}"
        )
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key}: missing from {actual!r}"
            matches(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            f"{path}: expected {expected!r}, got {actual!r}"
        )
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"
