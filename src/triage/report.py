"""Human-readable text of an engine result (the default output of `triage rank`)."""

from __future__ import annotations

from typing import Any


def result_text(result: dict[str, Any]) -> str:
    """The gate first, then what was understood, then muscles and look-alikes with their reasons."""
    triage = result["triage"]
    lines = [f"TRIAGE: {triage['level'].upper().replace('_', ' ')}", f"  {triage['message']}"]
    lines += [f"  red flag: {flag['label']}" for flag in triage["red_flags"]]
    understood = result["understood"]
    lines.append("")
    lines.append("We understood:")
    for key in ("regions", "findings", "denied", "red_flags"):
        if understood[key]:
            lines.append(f"  {key.replace('_', ' ')}: {', '.join(understood[key])}")
    if understood["side"]:
        lines.append(f"  side: {understood['side']}")
    if understood["unrecognised"]:
        lines.append(f"  could not place: {'; '.join(understood['unrecognised'])}")
    lines += [f"  note: {notice}" for notice in understood["notices"]]
    lines.append("")
    lines.append("Muscles whose referral patterns match what you described (match strength is relative):")
    for rank, item in enumerate(result["suggestions"], start=1):
        side = f", {item['side']}" if item["side"] else ""
        lines.append(f"  {rank}. {item['name']}{side}: {item['score']}/100")
        lines += [f"       {r['weight']:+.1f}  {r['label']}" + (f"  [{r['source']}]" if r["source"] else "")
                  for r in item["reasons"]]
    if not result["suggestions"]:
        lines.append("  none yet")
    if result["lookalikes"]:
        lines.append("")
        lines.append("Look-alike conditions a therapist would rule out:")
        lines += [f"  - {item['name']}: {item['score']}/100" for item in result["lookalikes"]]
    lines += ["", result["consult"], result["disclaimer"]]
    return "\n".join(lines)
