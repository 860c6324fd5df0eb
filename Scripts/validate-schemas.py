#!/usr/bin/env python3
"""Validates the package's JSON data against its JSON Schemas (draft 2020-12).

  Rules/**/*.json (except Rules/schema/ and Rules/cases/)  against Rules/schema/rule-file.schema.json
  Examples/overlays/**/*.json, Examples/reforms/**/*.json   against Rules/schema/rule-file.schema.json
  Rules/cases/**/*.json                                     against Rules/schema/case-file.schema.json

Prints one line per problem (path, JSON pointer, message) and a summary; exits 1 if any file is
invalid, 2 if the schemas themselves are broken or jsonschema cannot be had. Needs Python 3 and
the `jsonschema` package (installed with pip if the import fails). The schemas describe the
format; the loader (`visa rules check`, `visa test`) remains the authority and also checks what a
schema cannot (ids that exist, options and categories that are defined, conflicts).

Usage: python3 Scripts/validate-schemas.py [--verbose]
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


def main():
    verbose = "--verbose" in sys.argv[1:]
    unknown = [a for a in sys.argv[1:] if a != "--verbose"]
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
    return 1 if invalid else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head
        sys.exit(1)
