#!/usr/bin/env python3
"""Checks that every sample output in README.md comes from the command shown with it.

A sample is a fenced block whose first line is `$ COMMAND`; the lines after it are the output
expected. A line that is only `...` or `…` (any indentation) stands for any number of lines left
out; every other line must be the command's output line, in order. The command runs in the
package root through bash, with `swift run [-c release] PRODUCT` replaced by the product built in
`.build` (`swift build` first), so no build runs here. A block whose command cannot run fails.

  python3 Scripts/readme-samples.py            compare; print a diff and exit 1 on a difference
  python3 Scripts/readme-samples.py --update   rewrite the samples that differ (elided ones
                                               keep their `...` lines and as many lines around
                                               them, taken from the output)
  --bin DIR                                    the built products (default: swift build --show-bin-path)

CI (.ci/run) runs it after the build.
"""
import difflib
import os
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ELISION = re.compile(r"^\s*(\.\.\.|…)\s*$")


def samples(lines):
    """(start, end, command, expected) for each sample block: lines[start] is the `$` line,
    lines[end] the closing fence."""
    out = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("```") and i + 1 < len(lines) and lines[i + 1].startswith("$ "):
            j = i + 2
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out.append((i + 1, j, lines[i + 1][2:], lines[i + 2 : j]))
            i = j
        i += 1
    return out


def matches(expected, actual):
    """Whether the actual lines match the expected ones, `...` lines standing for any lines."""
    pattern = "".join(".*?" if ELISION.match(e) else re.escape(e + "\n") for e in expected)
    return re.fullmatch(pattern, "".join(a + "\n" for a in actual), re.DOTALL) is not None


def updated(expected, actual):
    """The sample rewritten to the actual output, keeping its `...` lines: the lines before the
    first elision become the output's first lines, those after the last its last lines, and each
    run of lines between two elisions the run of actual lines, in order, that most resembles it
    (as many lines). Without an elision, or if the output is too short, the whole output."""
    if not any(ELISION.match(e) for e in expected):
        return actual
    runs = [[]]
    for e in expected:
        if ELISION.match(e):
            runs.append([])
        else:
            runs[-1].append(e)
    head, middle, tail = runs[0], runs[1:-1], runs[-1]
    if len(head) + sum(map(len, middle)) + len(tail) > len(actual):
        return actual
    out = list(actual[: len(head)])
    low, high = len(head), len(actual) - len(tail)
    kept = []
    for r in middle:
        rest = sum(map(len, middle[len(kept) + 1 :]))
        best, score = low, -1.0
        for p in range(low, high - rest - len(r) + 1):
            s = sum(difflib.SequenceMatcher(None, a, b).ratio() for a, b in zip(r, actual[p : p + len(r)]))
            if s > score:
                best, score = p, s
        kept.append(actual[best : best + len(r)])
        low = best + len(r)
    # Rebuild in the sample's order: head, then each elision line (as written) and run, then tail.
    elisions = [e for e in expected if ELISION.match(e)]
    for i, r in enumerate(kept):
        out.append(elisions[i])
        out.extend(r)
    out.append(elisions[len(kept)])
    out.extend(actual[len(actual) - len(tail) :] if tail else [])
    return out if matches(out, actual) else actual


def run(command, bin_dir):
    command = re.sub(r"\bswift run (?:-c release )?(?:-q )?(\S+)", lambda m: os.path.join(bin_dir, m.group(1)), command)
    command = re.sub(r"(^|\|\s*)visa\b", lambda m: m.group(1) + os.path.join(bin_dir, "visa"), command)
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True)
    return (result.stdout + result.stderr).rstrip("\n").split("\n")


def main():
    arguments = sys.argv[1:]
    update = "--update" in arguments
    if "--bin" in arguments:
        bin_dir = arguments[arguments.index("--bin") + 1]
    else:
        bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if not os.access(os.path.join(bin_dir, "visa"), os.X_OK):
        print(f"error: no built visa in {bin_dir}: run `swift build` first")
        return 2
    path = os.path.join(ROOT, "README.md")
    lines = open(path, encoding="utf-8").read().split("\n")
    differences = 0
    checked = 0
    for start, end, command, expected in reversed(samples(lines)):
        actual = run(command, bin_dir)
        checked += 1
        if matches(expected, actual):
            continue
        differences += 1
        if update:
            lines[start + 1 : end] = updated(expected, actual)
            print(f"README.md:{start + 1}: updated the output of `{command}`")
            continue
        print(f"README.md:{start + 1}: the output of `{command}` differs from the sample:")
        shown = [e for e in expected if not ELISION.match(e)]
        for line in difflib.unified_diff(shown, actual, "README (without … lines)", "actual", lineterm="", n=1):
            print("  " + line)
    if update and differences:
        open(path, "w", encoding="utf-8").write("\n".join(lines))
    print(f"{checked} README samples: {checked - differences} as shown, {differences} different" + (" (updated)" if update else ""))
    return 1 if differences and not update else 0


if __name__ == "__main__":
    sys.exit(main())
