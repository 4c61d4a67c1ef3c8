#!/usr/bin/env python3
"""Checks ELM 3 EuropeanDigitalCredential JSON-LD documents against the EDC SHACL shapes.

Usage: elm-shacl.py [--shapes FILE] DOCUMENT...

Each document's @context URLs are replaced by the bundled copies in schemas/elm/ before
rdflib reads it, and every socket is refused while it runs: nothing is fetched. Prints
one JSON line per document ({"file", "conforms", "violations": [...]}) and exits 0 when
all conform, 1 when any does not, 2 on a usage or input error.
"""
import json
import socket
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ELM = HERE.parent / "schemas" / "elm"
CONTEXTS = {
    # The one pinned copy the verifier bundles too (schemas/contexts/index.json).
    "https://www.w3.org/2018/credentials/v1": HERE.parent / "schemas" / "contexts" / "credentials-v1.jsonld",
    "http://data.europa.eu/snb/model/context/edc-ap": ELM / "edc-ap-context.jsonld",
}


def no_network(*_args, **_kwargs):
    raise RuntimeError("network access refused: every JSON-LD context must be bundled")


def inline_contexts(doc):
    ctx = doc.get("@context")
    items = ctx if isinstance(ctx, list) else [ctx]
    out = []
    for c in items:
        if isinstance(c, str):
            if c not in CONTEXTS:
                raise ValueError(f"unknown JSON-LD context {c}")
            out.append(json.loads(CONTEXTS[c].read_text(encoding="utf-8"))["@context"])
        else:
            out.append(c)
    doc["@context"] = out
    return doc


def main(argv):
    shapes = ELM / "EDC-generic-no-cv.ttl"
    files = []
    it = iter(argv)
    for a in it:
        if a == "--shapes":
            shapes = Path(next(it, ""))
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    import rdflib
    from pyshacl import validate

    # Imported first (ssl subclasses socket); then no connection can be opened.
    socket.create_connection = no_network  # type: ignore[assignment]
    socket.getaddrinfo = no_network  # type: ignore[assignment]

    shape_graph = rdflib.Graph().parse(str(shapes), format="turtle")
    worst = 0
    for f in files:
        try:
            doc = inline_contexts(json.loads(Path(f).read_text(encoding="utf-8")))
            data = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
        except Exception as e:  # noqa: BLE001 - reported, not raised
            print(json.dumps({"file": f, "conforms": False, "error": str(e)}))
            worst = max(worst, 2)
            continue
        conforms, report, _text = validate(
            data, shacl_graph=shape_graph, inference="none", allow_warnings=True
        )
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        violations = []
        for r in report.subjects(rdflib.RDF.type, sh.ValidationResult):
            violations.append({
                "focus": str(report.value(r, sh.focusNode)),
                "path": str(report.value(r, sh.resultPath)),
                "message": str(report.value(r, sh.resultMessage)),
                "severity": str(report.value(r, sh.resultSeverity)).rsplit("#", 1)[-1],
            })
        print(json.dumps({"file": f, "conforms": bool(conforms), "triples": len(data),
                          "violations": violations}, ensure_ascii=False))
        if not conforms:
            worst = max(worst, 1)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
