#!/usr/bin/env python3
"""Scores a decisions.jsonl against a labels.jsonl (dev-corpus schema).

usage: bench/score.py DECISIONS.jsonl LABELS.jsonl [-v]
Prints per-field accuracy over the labelled (present) keys; -v lists misses.
"""
import json, sys

def main():
    dec, lab = sys.argv[1], sys.argv[2]
    verbose = "-v" in sys.argv
    recs = {}
    for l in open(dec):
        r = json.loads(l)
        recs[r["file"].split("/")[-1]] = r
    fields = ["reference", "organisation", "category", "decision_date", "outcome",
              "outcome_basis", "remedy_total_gbp", "payments", "remedy_already_provided_gbp"]
    ok = {f: 0 for f in fields}; n = {f: 0 for f in fields}
    for l in open(lab):
        L = json.loads(l)
        r = recs.get(L["file"])
        for f in fields:
            if f not in L:
                continue
            n[f] += 1
            got = None if r is None else r.get(f)
            want = L[f]
            if f == "payments":
                got = sorted(p["amount_gbp"] for p in (got or []))
                want = sorted(want)
            if got == want:
                ok[f] += 1
            elif verbose:
                print(f"MISS {L['file']} {f}: got {got!r} want {want!r}")
    for f in fields:
        if n[f]:
            print(f"{f:30} {ok[f]:4}/{n[f]:<4} {100*ok[f]/n[f]:6.1f}%")

main()
