#!/usr/bin/env python3
"""Prometheus's own parser test cases as JSON lines, for the rules/promql conformance test.

Reads `promql/parser/parse_test.go` and `functions.go` from a Prometheus checkout (the folder is
the argument) and writes one line per case of `testExpr` to stdout:
  {"input_hex": "...", "fail": true|false, "experimental": "" | "why"}
`input_hex` is the expression's bytes in hex (some cases are not UTF-8); `fail` is upstream's
verdict; `experimental` names the experimental feature an accepted case needs (upstream's test parser
enables experimental functions, duration expressions and extended range selectors), or is
empty; a rejected case is never experimental. Nothing of upstream is stored in this repository: run it on a checkout, then
  NAGAME_PROMQL_UPSTREAM_CASES=cases.jsonl build/tests/rules_tests --gtest_filter='PromqlUpstream*'
"""
import json
import math
import re
import sys
from pathlib import Path

SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92,
                  "'": 39, '"': 34}


def go_string(literal: str) -> bytes:
    """The bytes of a Go string literal ("…" with escapes, or `…` raw)."""
    if literal.startswith("`"):
        return literal[1:-1].encode()
    body, out, i = literal[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        e = body[i + 1]
        if e in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(int(body[i + 2:i + 4], 16))
            i += 4
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(body[i + 2:i + 2 + n], 16)).encode()
            i += 2 + n
        elif e in "01234567":
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
        else:
            raise ValueError(f"escape \\{e} in {literal}")
    return bytes(out)


# The three inputs built by code rather than written as literals.
def built_input(expr: str) -> bytes:
    m = re.fullmatch(r"fmt\.Sprintf\(`foo @ %f`, float64\(math\.(MaxInt64|MinInt64)\)([+-]1)\)", expr)
    if m:
        value = float(2**63 - 1 if m.group(1) == "MaxInt64" else -(2**63)) + int(m.group(2))
        return ("foo @ %f" % value).encode()
    m = re.fullmatch(r'"\(" \+ strings\.Repeat\("(.*?)", (\d+)\) \+ "\)" \+ '
                     r'strings\.Repeat\("(.*?)", (\d+)\)', expr)
    if m:
        return ("(" + m.group(1) * int(m.group(2)) + ")" + m.group(3) * int(m.group(4))).encode()
    raise ValueError(f"input not understood: {expr}")


def experimental_functions(functions_go: str) -> set:
    names = set()
    for block in re.findall(r'\n\t"(\w+)": \{(.*?)\n\t\},', functions_go, re.S):
        if re.search(r"Experimental:\s*true", block[1]):
            names.add(block[0])
    return names


DURATION = r"(?:(?:\d+(?:ms|[smhdwy]))+|0x[0-9a-fA-F]+|\d*\.?\d+(?:[eE][-+]?\d+)?)"
LITERAL = r'"(?:[^"\\]|\\.)*"|`[^`]*`'


def input_bytes(expr: str) -> bytes:
    """A case's input: string literals joined by `+`, or one of the inputs built by code."""
    parts = re.findall(r"\s*(" + LITERAL + r")\s*(\+|$)", expr)
    if parts and "".join(p[0] for p in parts).replace(" ", "") != "" and re.fullmatch(
            r"\s*(?:(?:" + LITERAL + r")\s*\+\s*)*(?:" + LITERAL + r")\s*", expr):
        return b"".join(go_string(p[0]) for p in parts)
    return built_input(expr)


def experimental_reason(text: str, functions: set) -> str:
    plain = re.sub(r"@\s*(start|end)\s*\(\s*\)", "@ X", text)  # the standard @ modifier
    for name in sorted(functions):
        if re.search(r"(?<![\w:])" + name + r"\s*\(", plain):
            return "function " + name
    if re.search(r"(?<![\w:])(limitk|limit_ratio)\s*(\(|by|without)", text, re.I):
        return "aggregation limitk/limit_ratio"
    if re.search(r"[\])]\s*(anchored|smoothed)\b", text):
        return "extended range selector"
    for inside in re.findall(r"\[([^\[\]]*)\]", plain):
        rest = re.sub(DURATION, "", inside)
        if re.sub(r"[\s:]", "", rest):
            return "duration expression in brackets"
    for after in re.findall(r"\boffset\s+(.*)", plain, re.I):
        if not re.match(r"[-+]?\s*" + DURATION + r"(\s|$|\)|\[|@|[-+*/%^<>=!,])", after):
            return "duration expression after offset"
    return ""


def main() -> None:
    folder = Path(sys.argv[1])
    test = (folder / "parse_test.go").read_text()
    functions = experimental_functions((folder / "functions.go").read_text())
    table = test[test.index("var testExpr = "):]
    table = table[:table.index("\n}\n")]
    cases = re.split(r"\n\t\{[^\n]*\n", table)[1:]
    for case in cases:
        m = re.search(r"^\t\tinput:\s*(.*),$", case, re.M)
        literal = m.group(1)
        data = input_bytes(literal)
        fail = re.search(r"^\t\tfail:\s*true,", case, re.M) is not None
        # A case upstream rejects is rejected without the experiments too.
        reason = "" if fail else experimental_reason(data.decode("utf-8", "replace"), functions)
        print(json.dumps({"input_hex": data.hex(), "fail": fail, "experimental": reason}))


if __name__ == "__main__":
    main()
