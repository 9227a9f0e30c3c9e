"""``journeys evidence``: household counts from an event log, for one journey.

Thin shell over ``journeys.evidence``: text in German or English, JSON that follows
docs/evidence-schema.json (``--schema``), or ``--apply -o OUT``: a new journey file with
``reached``, ``count`` and ``affected`` filled from the cases.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journeys.commands.output import check_free
from journeys.evidence.apply import Change, EvidenceConflict, apply_evidence
from journeys.evidence.cases import new_salt, salt_from_file
from journeys.evidence.logs import Columns
from journeys.evidence.matching import read_map
from journeys.evidence.pipeline import evidence_from_log
from journeys.evidence.privacy import HIDDEN, MIN_COUNT, scan_document
from journeys.evidence.report import EvidenceReport, schema_text
from journeys.formats import dumps_journey, format_of, load_journey, to_document, write_atomic
from journeys.i18n import LANGUAGES, language, number, percent, translate
from journeys.register import barrier_register
from models import Journey, JourneyError

HELP = f"""\
Count households from an event log (one row per household and step): per step those who
reached it, dropped out after it and their waiting time (median, quartiles); per transition,
per barrier, the observed routes (variants), the funnel by stage, and --by a segment side by
side. Activities match steps by id, label or --map (a CSV activity,step).

Privacy: only salted hashes of the case ids are kept (--salt-file keeps the salt, so pseudonyms
stay the same between runs; without it every run uses a new one), columns that are not mapped
are not read, and counts of 1..K-1 show as "< K" (--min-count K, default {MIN_COUNT}) — with a
second count "hidden" where totals would give them away. Notes are checked for e-mail
addresses, phone numbers, IBANs and birth dates.

examples:
  journeys evidence sample_journeys/logs/sportverein-but-households.csv \\
      --journey sample_journeys/sportverein-but-haushalte.yaml --by Ort
  journeys evidence log.csv --journey journey.yaml --format json > evidence.json
  journeys evidence log.xes --journey journey.yaml --apply -o journey-with-counts.yaml
"""

TEXT = {
    "en": {
        "title": "Evidence for {title}: {source}",
        "totals": "{cases} households · {events} events",
        "hidden": "Counts below {k} are shown as \"< {k}\"; \"hidden\" marks a count hidden so "
                  "that they cannot be worked out.",
        "hidden_count": "hidden",
        "steps": "Steps (households reached · dropped out after · waiting days median "
                 "[p25–p75])",
        "step": "{label}: {reached} · {dropped} · {wait}",
        "no_wait": "–",
        "days": "{days} days",
        "stages": "Funnel by stage",
        "transitions": "Transitions (households · median waiting)",
        "barriers": "Barriers (households who met it, of those who got there)",
        "of": "{n} of {total}",
        "variants": "Routes (most frequent first)",
        "not_in_map": "Observed, not in the map",
        "went": "{n} households went from “{a}” straight to “{b}”",
        "unmatched": "Activities that match no step (events)",
        "did_you_mean": "did you mean '{step}'?",
        "unknown_barriers": "Barrier cells that name no barrier of their step (households)",
        "segments": "By {by} (households reached)",
        "pii": "Personal data in the notes — check before passing anything on",
        "pii_journey": "Personal data in the text of {out} — check before passing it on:",
        "applied": "{n} numbers set from the evidence; written to {out}",
        "differs": "Hand-typed numbers that differ from the evidence:",
        "change": "  {where}: {before} → {after}",
        "new": "  {where}: {after} (was empty)",
        "apply_needs_out": "--apply needs -o OUT (the new journey file)",
        "schema_or_log": "give a LOG and --journey FILE (or --schema for the JSON schema)",
    },
    "de": {
        "title": "Evidenz für {title}: {source}",
        "totals": "{cases} Haushalte · {events} Ereignisse",
        "hidden": "Zahlen unter {k} stehen als „< {k}“; „verdeckt“ steht für eine Zahl, die "
                  "verdeckt ist, damit sie sich nicht zurückrechnen lassen.",
        "hidden_count": "verdeckt",
        "steps": "Schritte (Haushalte erreicht · danach ausgestiegen · Wartetage Median "
                 "[p25–p75])",
        "step": "{label}: {reached} · {dropped} · {wait}",
        "no_wait": "–",
        "days": "{days} Tage",
        "stages": "Trichter nach Phase",
        "transitions": "Übergänge (Haushalte · Median Wartezeit)",
        "barriers": "Barrieren (Haushalte, die sie trafen, von denen, die dort waren)",
        "of": "{n} von {total}",
        "variants": "Wege (häufigste zuerst)",
        "not_in_map": "Beobachtet, aber nicht in der Karte",
        "went": "{n} Haushalte gingen von „{a}“ direkt zu „{b}“",
        "unmatched": "Aktivitäten ohne passenden Schritt (Ereignisse)",
        "did_you_mean": "meinten Sie „{step}“?",
        "unknown_barriers": "Barriere-Angaben ohne passende Barriere am Schritt (Haushalte)",
        "segments": "Nach {by} (Haushalte erreicht)",
        "pii": "Personenbezogene Daten in den Notizen — vor jeder Weitergabe prüfen",
        "pii_journey": "Personenbezogene Daten im Text von {out} — vor der Weitergabe prüfen:",
        "applied": "{n} Zahlen aus der Evidenz gesetzt; geschrieben nach {out}",
        "differs": "Von Hand eingetragene Zahlen, die von der Evidenz abweichen:",
        "change": "  {where}: {before} → {after}",
        "new": "  {where}: {after} (war leer)",
        "apply_needs_out": "--apply braucht -o AUSGABE (die neue Journey-Datei)",
        "schema_or_log": "LOG und --journey DATEI angeben (oder --schema für das JSON-Schema)",
    },
}
PII_WORDS = {
    "en": {"email": "e-mail address", "phone": "phone number", "iban": "IBAN",
           "birth_date": "birth date"},
    "de": {"email": "E-Mail-Adresse", "phone": "Telefonnummer", "iban": "IBAN",
           "birth_date": "Geburtsdatum"},
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``evidence`` to the ``journeys`` command line."""
    parser = subparsers.add_parser(
        "evidence", help="household counts from an event log (CSV, Parquet, XES)",
        description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", nargs="?", metavar="LOG",
                        help="event log: .csv (, or ;), .parquet, .xes or .xes.gz")
    parser.add_argument("--journey", metavar="FILE", help="the journey the log is about")
    for role in ("case", "activity", "time"):
        parser.add_argument(f"--{role}", metavar="COL",
                            help=f"the {role} column (default: found by its usual names)")
    parser.add_argument("--map", metavar="MAP.csv", help="mapping table: activity,step")
    parser.add_argument("--by", metavar="ATTRIBUTE", help="count side by side by this column")
    parser.add_argument("--min-count", type=_min_count, default=MIN_COUNT, metavar="K",
                        help=f"hide counts of 1..K-1 (default {MIN_COUNT}; 1 hides nothing)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the text (default: the journey's)")
    parser.add_argument("--salt-file", metavar="FILE",
                        help="keep the pseudonymisation salt here (made when missing)")
    parser.add_argument("--apply", action="store_true",
                        help="write a new journey file with reached/count/affected filled")
    parser.add_argument("-o", "--output", metavar="OUT", help="the file --apply writes")
    parser.add_argument("--overwrite", action="store_true",
                        help="with --apply: replace hand-typed numbers that differ")
    parser.add_argument("--add-observed", action="store_true",
                        help="with --apply: add the observed transitions the map lacks")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument("--schema", action="store_true",
                        help="print the JSON schema of the json output and exit")
    parser.set_defaults(run=run_evidence)


def _min_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _days(value: float | None, lang: str) -> str:
    return number(value, lang) if value is not None else "?"


def _share(n: int | str, total: int | str, lang: str) -> str:
    """" (40 %)" when both counts are shown; a share of a hidden count would reveal it."""
    if isinstance(n, int) and isinstance(total, int) and total:
        return f" ({percent(n / total, lang)})"
    return ""


def render_text(report: EvidenceReport, journey: Journey, lang: str) -> str:
    """The report for a terminal."""
    def t(key: str, **values: object) -> str:
        return translate(TEXT, key, lang, **values)

    def c(value: int | str) -> int | str:
        return t("hidden_count") if value == HIDDEN else value

    label = {s.id: s.label for s in journey.steps}
    placed = {p.ref: p for p in barrier_register(journey)}
    lines = [t("title", title=journey.title, source=report.source),
             t("totals", cases=c(report.cases), events=c(report.events))]
    if report.suppressed:
        lines.append(t("hidden", k=report.min_count))
    lines += ["", t("steps")]
    for step, found in report.steps.items():
        wait = found.wait_days
        shown = (t("days", days=_days(wait.median, lang))
                 + f" [{_days(wait.p25, lang)}–{_days(wait.p75, lang)}]"
                 if wait.median is not None else t("no_wait"))
        lines.append("  " + t("step", label=f"{label[step]} ({step})", reached=c(found.reached),
                                dropped=c(found.dropped), wait=shown))
    lines += ["", t("stages")]
    lines += [f"  {journey.stages_by_id[s].label}: {c(n)}{_share(n, report.cases, lang)}"
              for s, n in report.stages.items()]
    lines += ["", t("transitions")]
    for pair, found in report.transitions.items():
        days = (" · " + t("days", days=_days(found.median_days, lang))
                if found.median_days is not None else "")
        lines.append(f"  {pair.replace('>', ' → ')}: {c(found.count)}{days}")
    if report.barriers:
        lines += ["", t("barriers")]
        for ref, found in report.barriers.items():
            barrier = placed[ref].barrier
            name = journey.category(barrier.category).label(lang)
            lines.append(f"  {name} – {label[placed[ref].step]} ({ref}): "
                         + t("of", n=c(found.households), total=c(found.reached))
                         + _share(found.households, found.reached, lang))
    lines += ["", t("variants")]
    lines += [f"  {c(v.cases)}{_share(v.cases, report.cases, lang)}: {' → '.join(v.steps)}"
              for v in report.variants]
    if report.not_in_map:
        lines += ["", t("not_in_map")]
        for pair, n in report.not_in_map.items():
            a, b = pair.split(">", 1)
            lines.append("  " + t("went", n=c(n), a=label[a], b=label[b]))
    if report.unmatched:
        lines += ["", t("unmatched")]
        for activity, n in report.unmatched.items():
            hint = report.suggestions.get(activity)
            lines.append(f"  {activity}: {c(n)}" + (f" — {t('did_you_mean', step=hint)}"
                                                 if hint else ""))
    if report.unknown_barriers:
        lines += ["", t("unknown_barriers")]
        lines += [f"  {key}: {c(n)}" for key, n in report.unknown_barriers.items()]
    if report.segments:
        names = list(report.segments)
        lines += ["", t("segments", by=report.by), "  " + " · ".join(
            f"{name}: {c(report.segments[name].cases)}" for name in names)]
        for step in report.steps:
            cells = " · ".join(str(c(report.segments[n].steps[step].reached)) for n in names)
            lines.append(f"  {label[step]}: {cells}")
    if report.pii:
        lines += ["", t("pii")]
        lines += [f"  {found.where}: " + ", ".join(PII_WORDS[lang][k] for k in found.kinds)
                  for found in report.pii]
    return "\n".join(lines) + "\n"


def _change_lines(changes: list[Change], lang: str) -> list[str]:
    conflicts = [c for c in changes if c.conflict]
    lines = [translate(TEXT, "differs", lang)] if conflicts else []
    lines += [translate(TEXT, "change", lang, where=c.where, before=c.before, after=c.after)
              for c in conflicts]
    return lines


def run_evidence(args: argparse.Namespace) -> int:
    if args.schema:
        sys.stdout.write(schema_text())
        return 0
    if not args.log or not args.journey:
        raise JourneyError(translate(TEXT, "schema_or_log", "en"))
    journey = load_journey(args.journey)
    lang = language(args.lang or journey.language)
    if args.apply and not args.output:
        raise JourneyError(translate(TEXT, "apply_needs_out", lang))
    if args.apply:
        out = Path(args.output)
        format_of(out)
        check_free(out, args.force)
    mapping = read_map(args.map, journey) if args.map else None
    salt = salt_from_file(args.salt_file) if args.salt_file else new_salt()
    columns = Columns(case=args.case, activity=args.activity, time=args.time, segment=args.by)
    report = evidence_from_log(args.log, journey, salt, columns, mapping,
                               args.min_count).report
    if not args.apply:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n" if args.format == "json"
                         else render_text(report, journey, lang))
        return 0
    try:
        applied, changes = apply_evidence(journey, report, args.overwrite, args.add_observed)
    except EvidenceConflict as conflict:
        print("\n".join(_change_lines(conflict.changes, lang)), file=sys.stderr)
        raise
    write_atomic(out, dumps_journey(applied, format_of(out)))
    found = scan_document(to_document(applied))
    if found:
        print("\n".join([translate(TEXT, "pii_journey", lang, out=out)] + [
            f"  {f.where}: " + ", ".join(PII_WORDS[lang][k] for k in f.kinds) for f in found]),
            file=sys.stderr)
    lines = _change_lines(changes, lang) + [
        translate(TEXT, "new", lang, where=c.where, after=c.after)
        for c in changes if not c.conflict]
    lines.append(translate(TEXT, "applied", lang, n=len(changes), out=out))
    print("\n".join(lines))
    return 0

