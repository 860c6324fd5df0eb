#!/usr/bin/env python3
"""Validates the package's JSON data, and the JSON contract's inputs and outputs, against the
JSON Schemas of Rules/schema/ (draft 2020-12).

The rule data:
  Rules/**/*.json (except Rules/schema/ and Rules/cases/)  against rule-file.schema.json
  Examples/overlays/**/*.json, Examples/reforms/**/*.json   against rule-file.schema.json
  Rules/cases/**/*.json                                     against case-file.schema.json

The JSON contract (application.schema.json, decision.schema.json, error.schema.json):
  Examples/applications/*.json, and every case's application in Rules/cases/ (merged into its
  file's defaults) that expects no error                    against application.schema.json;
  a case expecting an unknownField or missingField error must be rejected by it;
  the outputs of the built `visa` (see contract_outputs below): `visa population` lines (as
  applications), evaluated as JSON Lines plain and with --trace, with ids, with an overlay and
  with broken lines (error objects with line and id); `evaluate --json`, `evaluate --json
  --trace` and `explain --json` of every example application and every case application; `--json`
  error objects from bad input                              against decision.schema.json or
                                                            error.schema.json.

Prints one line per problem (path, JSON pointer, message) and a summary; exits 1 on any
violation, 2 if the schemas themselves are broken, jsonschema cannot be had or `visa` is not
built. Needs Python 3 and the `jsonschema` package (installed with pip if the import fails), and
a built `visa` (`swift build`; `--visa PATH` to name another binary, `--no-outputs` to skip the
outputs). The schemas describe the format; the loader (`visa rules check`, `visa test`) and the
contract's reader remain the authority and also check what a schema cannot (ids that exist,
options and categories that are defined, real calendar days, conflicts).

Usage: python3 Scripts/validate-schemas.py [--verbose] [--visa PATH | --no-outputs]
"""
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed: pip install --quiet jsonschema", file=sys.stderr)
    if subprocess.call([sys.executable, "-m", "pip", "install", "--quiet", "jsonschema"]) != 0:
        print("error: could not install jsonschema (pip install jsonschema, then run again)", file=sys.stderr)
        sys.exit(2)
    import importlib
    import site

    importlib.invalidate_caches()
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        site.addsitedir(site.getusersitepackages())  # a --user install made just now
    import jsonschema

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
MAX_MESSAGE = 300


def files(pattern):
    return sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True))


def relative(path):
    return os.path.relpath(path, ROOT)


def file_sets():
    """(path, "rule" or "case") for every file to validate."""
    out = []
    for path in files("Rules/**/*.json"):
        parts = relative(path).split(os.sep)
        if parts[1] == "schema":
            continue
        out.append((path, "case" if parts[1] == "cases" else "rule"))
    for path in files("Examples/overlays/**/*.json") + files("Examples/reforms/**/*.json"):
        out.append((path, "rule"))
    return out


def pointer(error):
    """The RFC 6901 JSON pointer of the failing value ("" for the document itself)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path)


def leaves(error, document):
    """Errors worth showing. A rule file is an instrument file or a vocabulary file (oneOf at the
    root): report the errors of the branch the file means to be, not "not valid under oneOf"."""
    if error.validator == "oneOf" and not error.absolute_path and error.context and isinstance(document, dict):
        branch = 0 if "instrument" in document or not ("vocabulary" in document or "coverage" in document) else 1
        chosen = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == branch]
        if chosen:
            return [leaf for e in chosen for leaf in leaves(e, document)]
    return [error]


def describe(error):
    message = error.message
    if error.context:  # anyOf / oneOf: add the closest reason
        inner = best_match(error.context)
        if inner is not None:
            where = pointer(inner)
            message += f" (closest: {where + ': ' if where != pointer(error) else ''}{inner.message})"
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return message


CONTRACT_SCHEMAS = ("application", "decision", "error")


def load_validator(name):
    path = os.path.join(ROOT, "Rules", "schema", f"{name}.schema.json")
    schema = json.load(open(path, encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def merge(base, patch):
    """A case's application merged into its file's defaults, as `visa test` merges them
    (RuleBook.merge): objects key by key, anything else replaced."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return patch
    out = dict(base)
    for key, value in patch.items():
        out[key] = merge(out[key], value) if key in out else value
    return out


def case_applications():
    """(name, application, expected error kind or None) for every case of Rules/cases/."""
    out = []
    for path in files("Rules/cases/**/*.json"):
        document = json.load(open(path, encoding="utf-8"))
        defaults = (document.get("defaults") or {}).get("application")
        for i, case in enumerate(document.get("cases", [])):
            application = case.get("application", {})
            if defaults is not None:
                application = merge(defaults, application)
            kind = (case.get("expectError") or {}).get("kind")
            out.append((f"{relative(path)}: cases[{i}] {case.get('name', '')!r}", application, kind, case.get("options", {})))
    return out


class Contract:
    """Validates documents of the JSON contract and counts them by schema."""

    def __init__(self, verbose):
        self.validators = {name: load_validator(name) for name in CONTRACT_SCHEMAS}
        self.verbose = verbose
        self.counts = {name: [0, 0] for name in CONTRACT_SCHEMAS}  # [valid, invalid]
        self.problems = 0

    def check(self, name, document, schema):
        errors = sorted(self.validators[schema].iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
        if errors:
            self.counts[schema][1] += 1
            self.problems += len(errors)
            for e in errors[:5]:
                print(f"{name}: {pointer(e) or '/'}: {describe(e)} ({schema} schema)")
        else:
            self.counts[schema][0] += 1
            if self.verbose:
                print(f"ok  {name} ({schema} schema)")
        return not errors

    def output(self, name, document):
        """A decision, or an error object where the decision would have been."""
        schema = "error" if isinstance(document, dict) and "error" in document else "decision"
        self.check(name, document, schema)
        return schema

    def expect_rejected(self, name, document, schema):
        if not list(self.validators[schema].iter_errors(document)):
            self.counts[schema][1] += 1
            self.problems += 1
            print(f"{name}: /: the reader rejects it, but the {schema} schema accepts it")
        else:
            self.counts[schema][0] += 1


def contract_inputs(contract):
    """The example applications and the case files' applications."""
    for path in files("Examples/applications/*.json"):
        contract.check(relative(path), json.load(open(path, encoding="utf-8")), "application")
    for name, application, kind, _ in case_applications():
        if kind is None:
            contract.check(name, application, "application")
        elif kind in ("unknownField", "missingField"):
            contract.expect_rejected(name, application, "application")
    for i, text in enumerate(BROKEN):
        try:
            document = json.loads(text)
        except ValueError:
            continue
        if i not in (6, 7):
            contract.expect_rejected(f"broken input {i + 1}", document, "application")


def run_visa(visa, arguments, stdin=None, expect=(0,)):
    result = subprocess.run([visa] + arguments, input=stdin, capture_output=True, text=True, cwd=ROOT)
    if result.returncode not in expect:
        raise RuntimeError(f"visa {' '.join(arguments)}: exit code {result.returncode}: {result.stderr.strip()[:500]}")
    return result.stdout


def json_lines(text, what):
    lines = [line for line in text.split("\n") if line]
    try:
        return [json.loads(line) for line in lines]
    except ValueError as e:
        raise RuntimeError(f"{what}: an output line is not JSON: {e}")


# Broken inputs: each gives an error object on every path. All but the last two that are JSON
# (an unknown category, a date the rules do not cover) the application schema rejects too.
BROKEN = [
    '{"lodgingDate": "2023-02-30"}',
    "not json",
    "[1, 2]",
    '{"lodgingDate": "2021-03-15", "destination": "NL", "lodgedIn": "RU", "colour": "blue"}',
    '{"lodgingDate": null}',
    '{"id": "A-1", "lodgingDate": "2021-03-15", "destination": "nl", "lodgedIn": "RU", "applicant": {}, "trip": {}}',
    '{"id": 17, "lodgingDate": "2009-01-01", "destination": "NL", "lodgedIn": "RU", "applicant": {"nationality": "RU", '
    '"residence": "RU", "birthDate": "1980-01-01", "travelDocument": {"type": "ordinary", "expiry": "2030-01-01"}}, '
    '"trip": {"purpose": "tourism", "start": "2009-02-01", "end": "2009-02-05"}}',
    '{"lodgingDate": "2021-03-15", "destination": "NL", "lodgedIn": "RU", "applicant": {"nationality": "RU", '
    '"residence": "RU", "birthDate": "1980-01-01", "categories": ["astronaut"], "travelDocument": {"type": "ordinary", '
    '"expiry": "2030-01-01"}}, "trip": {"purpose": "tourism", "start": "2021-04-01", "end": "2021-04-05"}}',
    '{"lodgingDate": "2021-03-15", "trip": ',
]


def contract_outputs(contract, visa, workdir):
    """Runs the built `visa` and validates what it writes."""
    produced = {"population": 0, "plain": 0, "traced": 0, "ids": 0, "overlay": 0, "single": 0, "errors": 0}
    population = json_lines(run_visa(visa, ["population", "--n", "400", "--seed", "5"]), "visa population")
    for i, application in enumerate(population):
        contract.check(f"visa population --n 400 --seed 5: line {i + 1}", application, "application")
        produced["population"] += 1
    # With ids (strings and numbers), an extension ground now and then, and broken lines between.
    lines = []
    for i, application in enumerate(population):
        application = dict(application)
        if i % 3 == 0:
            application["id"] = f"P-{i}" if i % 2 else i
        if i % 11 == 0:
            application["extensionGround"] = ["forceMajeure", "humanitarian", "seriousPersonalReasons"][i % 3]
        lines.append(json.dumps(application))
        if i % 40 == 0:
            lines.append(BROKEN[(i // 40) % len(BROKEN)])
    path = os.path.join(workdir, "applications.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    traced = os.path.join(workdir, "traced.jsonl")
    with open(traced, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:60]) + "\n")
    runs = (
        ("plain", [], path, lines),
        ("traced", ["--trace"], traced, lines[:60]),
        ("overlay", ["--rules", "Examples/overlays/illustrative-member-state"], path, lines),
    )
    for label, extra, path, lines in runs:
        out = json_lines(run_visa(visa, ["evaluate", "--jsonl", path] + extra, expect=(0, 1)), f"evaluate --jsonl {' '.join(extra)}")
        if len(out) != len(lines):
            raise RuntimeError(f"evaluate --jsonl {' '.join(extra)}: {len(out)} output lines for {len(lines)} input lines")
        for i, document in enumerate(out):
            schema = contract.output(f"evaluate --jsonl {' '.join(extra)}: line {i + 1}", document)
            produced["errors" if schema == "error" else label] += 1
            produced["ids"] += "id" in document
    # The case files' applications, one JSON Lines run per set of options (every fourth traced).
    by_options = {}
    for name, application, kind, options in case_applications():
        if kind is None:
            by_options.setdefault(tuple(sorted(options.items())), []).append((name, application))
    for options, cases in by_options.items():
        flags = [a for key, value in options for a in ("--option", f"{key}={value}")]
        for label, extra, chosen in (("plain", [], cases), ("traced", ["--trace"], cases[::4])):
            path = os.path.join(workdir, "cases.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write("".join(json.dumps(application) + "\n" for _, application in chosen))
            out = json_lines(run_visa(visa, ["evaluate", "--jsonl", path] + extra + flags, expect=(0, 1)), "cases")
            for (name, _), document in zip(chosen, out):
                schema = contract.output(f"evaluate --jsonl {' '.join(extra + flags)} ({name})", document)
                produced["errors" if schema == "error" else label] += 1
    # One document at a time (--json): the example applications, as decisions, traced or not.
    for path in files("Examples/applications/*.json"):
        for command in (["evaluate", "--json"], ["evaluate", "--json", "--trace"], ["explain", "--json"]):
            out = run_visa(visa, command + [path], expect=(0, 1))
            schema = contract.output(f"visa {' '.join(command)} {relative(path)}", json.loads(out))
            produced["errors" if schema == "error" else "single"] += 1
    # Bad input with --json: an error object on standard output, exit code 1.
    for i, text in enumerate(BROKEN):
        for command in (["evaluate", "--json"], ["explain", "--json"]):
            out = run_visa(visa, command + ["-"], stdin=text, expect=(1,))
            document = json.loads(out)
            if contract.output(f"visa {' '.join(command)} (broken input {i + 1})", document) != "error":
                contract.problems += 1
                print(f"visa {' '.join(command)} (broken input {i + 1}): a decision for a broken input")
            produced["errors"] += 1
    missing = [kind for kind, n in produced.items() if n == 0]
    if missing:
        raise RuntimeError(f"no output of these kinds was produced: {', '.join(missing)}")
    return produced


def find_visa(arguments):
    if "--visa" in arguments:
        i = arguments.index("--visa")
        return arguments[i + 1] if i + 1 < len(arguments) else None
    for configuration in ("debug", "release"):
        path = os.path.join(ROOT, ".build", configuration, "visa")
        if os.access(path, os.X_OK):
            return path
    return None


def main():
    arguments = sys.argv[1:]
    verbose = "--verbose" in arguments
    outputs = "--no-outputs" not in arguments
    known = {"--verbose", "--no-outputs", "--visa"}
    unknown = [a for i, a in enumerate(arguments) if a not in known and (i == 0 or arguments[i - 1] != "--visa")]
    if unknown:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    validators = {}
    for kind in ("rule", "case"):
        path = os.path.join(ROOT, "Rules", "schema", f"{kind}-file.schema.json")
        try:
            schema = json.load(open(path, encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
        except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
            print(f"{relative(path)}: the schema itself is invalid: {str(e).splitlines()[0]}")
            return 2
        validators[kind] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    try:
        contract = Contract(verbose)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        print(f"Rules/schema: a contract schema is invalid: {str(e).splitlines()[0]}")
        return 2

    counts = {"rule": [0, 0], "case": [0, 0]}  # [valid, invalid]
    problems = 0
    for path, kind in file_sets():
        name = relative(path)
        try:
            document = json.load(open(path, encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"{name}: (not read): {e}")
            counts[kind][1] += 1
            problems += 1
            continue
        errors = []
        for e in validators[kind].iter_errors(document):
            errors += leaves(e, document)
        errors.sort(key=lambda e: [str(p) for p in e.absolute_path])
        if errors:
            counts[kind][1] += 1
            problems += len(errors)
            for e in errors:
                print(f"{name}: {pointer(e) or '/'}: {describe(e)}")
        else:
            counts[kind][0] += 1
            if verbose:
                print(f"ok  {name} ({kind}-file schema)")

    valid = counts["rule"][0] + counts["case"][0]
    invalid = counts["rule"][1] + counts["case"][1]
    print(
        f"{valid + invalid} files: {valid} valid, {invalid} invalid "
        f"(rule-file schema: {counts['rule'][0]} valid, {counts['rule'][1]} invalid; "
        f"case-file schema: {counts['case'][0]} valid, {counts['case'][1]} invalid)"
        + (f"; {problems} problem{'s' if problems != 1 else ''}" if problems else "")
    )

    contract_inputs(contract)
    produced = None
    if outputs:
        visa = find_visa(arguments)
        if not visa or not os.access(visa, os.X_OK):
            print("error: no built visa to validate its outputs: run `swift build` first (or pass --visa PATH, or --no-outputs)")
            return 2
        import tempfile

        with tempfile.TemporaryDirectory() as workdir:
            try:
                produced = contract_outputs(contract, visa, workdir)
            except (RuntimeError, ValueError) as e:
                print(f"error: {e}")
                return 1
    c = contract.counts
    print(
        "contract: "
        + "; ".join(f"{name} schema: {c[name][0]} valid, {c[name][1]} invalid" for name in CONTRACT_SCHEMAS)
        + (
            f" (outputs of {os.path.relpath(visa, ROOT)}: " + ", ".join(f"{n} {k}" for k, n in produced.items()) + ")"
            if produced
            else " (outputs not checked)"
        )
        + (f"; {contract.problems} problem{'s' if contract.problems != 1 else ''}" if contract.problems else "")
    )
    return 1 if invalid or contract.problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head
        sys.exit(1)
