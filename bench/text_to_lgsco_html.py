#!/usr/bin/env python3
"""Writes an LGSCO-style HTML page from a saved decision text (used once to
make the HTML fixtures in corpus/html from corpus texts).

usage: bench/text_to_lgsco_html.py IN.txt OUT.html

Structure, as the LGSCO site lays it out: page header and nav, an <h1> title
above <article id="article">, label/value pairs for the header fields, <h2>
sections with <ol>/<ul> paragraphs, "Back to top" links, a cookie banner
and a footer.
"""
import html, re, sys

src = open(sys.argv[1], encoding="utf-8").read().splitlines()
lines = [l.strip() for l in src if l.strip()]
furniture = {"Back to top", "Print this page", "LGO logogram", "Privacy settings",
             "Review your privacy settings", "Required cookies", "View required cookies",
             "Analytical cookies", "View analytical cookies"}
lines = [l for l in lines if l not in furniture and not l.startswith(("These cookies", "Google Analytics", "We recommend", "In using Google"))]
e = html.escape
title = lines.pop(0)
out = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8"><title>%s - Local Government and Social Care Ombudsman</title>' % e(title),
       '<script>window.dataLayer = [];</script><style>.label{font-weight:bold}</style></head><body>',
       '<header class="site-header"><a href="/">LGO logogram</a><nav><ul><li><a href="/decisions">Decisions</a></li><li><a href="/make-a-complaint">Make a complaint</a></li></ul></nav></header>',
       '<div id="cookie-banner" class="cookie-banner"><h2>Privacy settings</h2><p>These cookies enable the website to function properly.</p><button>Accept</button></div>',
       '<main id="content"><div class="breadcrumb"><a href="/decisions">Decisions</a> &gt; Children</div>',
       '<h1>%s</h1>' % e(title), '<article id="article">', '<div class="decision-meta">']
i = 0
while i < len(lines) and re.match(r"^(Category|Decision|Decision date)\s*:", lines[i]):
    label, value = [s.strip() for s in lines[i].split(":", 1)]
    out.append('<p><span class="label">%s:</span> <span class="value">%s</span></p>' % (e(label), e(value)))
    i += 1
out.append('</div>')
list_kind = None
def close():
    global list_kind
    if list_kind:
        out.append('</%s>' % list_kind)
        list_kind = None
for l in lines[i:]:
    m = re.match(r"^(\d+)\.\s+(.*)$", l)
    d = re.match(r"^[-•]\s+(.*)$", l)
    if m or d:
        kind = "ol" if m else "ul"
        if list_kind != kind:
            close(); out.append('<%s>' % kind); list_kind = kind
        out.append('<li>%s</li>' % e((m or d).group(2 if m else 1)))
        continue
    close()
    if l.startswith("Summary:"):
        out.append('<p><strong>Summary:</strong> %s</p>' % e(l[len("Summary:"):].strip()))
    elif len(l) < 60 and not l.endswith("."):
        out.append('<p><a href="#top" class="back-to-top">Back to top</a></p><h2>%s</h2>' % e(l))
    else:
        out.append('<p>%s</p>' % e(l))
close()
out += ['</article>', '<p><a href="javascript:window.print()">Print this page</a></p></main>',
        '<footer><p>Local Government and Social Care Ombudsman, PO Box 4771, Coventry CV4 0EH</p></footer></body></html>']
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
