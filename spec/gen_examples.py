#!/usr/bin/env python3
"""Synthesise one example success response per operation from the schema's `example` values.

Mirrors Prism's static mode: an `example` on a node wins; otherwise objects get every declared
property, arrays one item, enums their first value, and scalars a typed placeholder.
Writes spec/examples/<operationId>.json. With --check, only verifies the files are up to date.
"""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
SPEC = json.loads((HERE / "cloudflare-accounts-user-organizations.json").read_text())


def resolve(node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].split("/")[-1]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = dict(SPEC["components"]["schemas"][name], **extra)
        seen += 1
        if seen > 50:
            raise ValueError("ref loop")
    return node


def example(node, depth=0):
    node = resolve(node)
    if depth > 12:
        return None
    if "example" in node:
        return node["example"]
    for key in ("allOf",):
        if key in node:
            merged = {}
            for part in node[key]:
                value = example(part, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
    for key in ("oneOf", "anyOf"):
        if key in node:
            return example(node[key][0], depth + 1)
    if "enum" in node:
        return node["enum"][0]
    if "default" in node:
        return node["default"]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {k: example(v, depth + 1) for k, v in node.get("properties", {}).items()}
    if kind == "array":
        return [example(node.get("items", {}), depth + 1)]
    if kind == "string":
        fmt = node.get("format")
        return {"date-time": "2024-01-01T00:00:00Z", "date": "2024-01-01", "email": "user@example.com"}.get(fmt, "string")
    if kind in ("number", "integer"):
        return node.get("minimum", 0)
    if kind == "boolean":
        return True
    return None


def main():
    out = HERE / "examples"
    check = "--check" in sys.argv
    out.mkdir(exist_ok=True)
    stale = []
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = op["responses"]
            status = next(s for s in ("200", "201", "202", "204") if s in responses)
            content = responses[status].get("content", {}).get("application/json")
            body = example(content["schema"]) if content else None
            text = json.dumps({"status": int(status), "body": body}, indent=2, sort_keys=True) + "\n"
            target = out / f"{op['operationId']}.json"
            if check:
                if not target.exists() or target.read_text() != text:
                    stale.append(target.name)
            else:
                target.write_text(text)
    if stale:
        sys.exit(f"stale examples (run python3 spec/gen_examples.py): {stale}")


if __name__ == "__main__":
    main()
