"""The Sozialraum commands: ``journeys offers …`` (the catalogue) and ``journeys network``.

Thin shell over ``journeys.offers``, ``journeys.survey`` and ``journeys.network``: text for a
terminal or JSON; every problem a ``JourneyError`` naming the file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from journeys.catalogue import CatalogueFinder
from journeys.commands.analysis import load_journeys
from journeys.commands.files import catalogue_option
from journeys.commands.output import check_free, write_output
from journeys.i18n import LANGUAGES, language, translate
from journeys.offers import MergeCheck, merge_check
from journeys.vocabulary import transfer_word
from models import LEVELS, Journey, JourneyError
from models.catalogue_file import CATALOGUE_FILE, Catalogue

if TYPE_CHECKING:  # networkx loads only for the commands that need it
    from journeys.network import ReferralNetwork
    from journeys.offer_mapping import ActorChange

MERGE_HELP = """\
List which actors a portfolio "by actor" counts as one offer across journeys (the same
catalogue entry, or the same id and label in the same region), and which actors share an id
but stay apart. For those, a mapping to catalogue entries is printed to copy into the journeys
as `ref:` (with the closest catalogue entry as a suggestion).

examples:
  journeys offers merge-check sample_journeys
  journeys offers merge-check my_journeys --catalogue catalogue.yaml --format json
"""

APPLY_HELP = """\
Give actors a `ref:` to a catalogue entry, as a mapping file says: one line per actor,
`journey:actor: entry` (the journey by its id or its file name) — the suggested mapping
`journeys offers merge-check` prints, with each ? replaced by an entry id. A `level` or
`legal_basis` that contradicts the entry is set to the catalogue's. Without --write, only
prints what would change; with --write, writes all changed files at once (or none). YAML
files keep their comments and layout. A line naming an unknown journey, actor or entry is an
error naming the line, and nothing is written.

mapping file (mapping.yaml):
  sportverein-everswinkel:verein: sv-everswinkel
  sportverein-ennigerloh.yaml:verein: sv-ennigerloh

examples:
  journeys offers apply-mapping mapping.yaml sample_journeys
  journeys offers apply-mapping mapping.yaml sample_journeys --write
"""

NETWORK_HELP = """\
The referral network over journeys: who passes people on to whom (transitions marked
`handoff` or `referral` between two offers), in how many journeys, how the case travels
(verbal, paper, e-mail, digital) and after which referrals people are lost (the step it leads
to is a dropout or leads straight to one). Offers are catalogue entries (`ref:`), else one
actor of one region. Text or JSON on stdout; --out writes a figure (.png, .svg) or GraphML
(.graphml, for Gephi, yEd or Cytoscape).

examples:
  journeys network sample_journeys
  journeys network sample_journeys --out network.svg --lang de
  journeys network sample_journeys --out network.graphml
"""

OUT_TYPES = (".png", ".svg", ".graphml")

TEXT = {
    "en": {
        "merged": "Counted as one offer ({count}):",
        "apart": "Same id, kept apart ({count}):",
        "no_region": "no region",
        "mapping": "If some of these are one offer, give each actor a `ref:` to a catalogue "
                   "entry (suggested mapping, journey:actor → entry; # ? = none close):",
        "save_mapping": "Save these lines as mapping.yaml (check each entry; for a line with ?, "
                        "remove the # and write an entry id), then: journeys offers "
                        "apply-mapping mapping.yaml DIR",
        "to_ref": "actor '{actor}' → ref {entry} ({name})",
        "already": "actor '{actor}' refers to {entry} already",
        "level": "level {old} → {new}, as the catalogue says",
        "basis": "legal basis {old} → {new}, as the catalogue says",
        "nothing": "Nothing to change: every actor refers to its entry already.",
        "dry_run": "Dry run: nothing written; add --write to write {files:file|files}.",
        "wrote": "Wrote {files:file|files}.",
        "imported": "{path}: catalogue revision {revision} ({offers:offer|offers})",
        "unchanged": " — unchanged",
        "network": "Referral network over {journeys:journey|journeys}: {offers:offer|offers}, "
                   "{links:referral link|referral links}",
        "edge": "  {source} → {target}: {journeys:journey|journeys}{people}, {transfer}{lost}",
        "people": ", {count:person|people}",
        "lost": ", lost after it in {count}",
        "survey": "Resource survey: {offers:offer|offers}, {journeys:journey|journeys}",
        "unused": "Used by no journey ({count}):",
        "unreachable": "Journeys relying on an unreachable offer ({count}):",
    },
    "de": {
        "merged": "Als ein Angebot gezählt ({count}):",
        "apart": "Gleiche Kennung, getrennt gehalten ({count}):",
        "no_region": "keine Region",
        "mapping": "Wenn einige davon ein Angebot sind, geben Sie jedem Akteur ein `ref:` auf "
                   "einen Katalogeintrag (vorgeschlagene Zuordnung, Nutzerreise:Akteur → "
                   "Eintrag; # ? = keiner ähnlich):",
        "save_mapping": "Speichern Sie diese Zeilen als mapping.yaml (jeden Eintrag prüfen; "
                        "bei einer Zeile mit ? das # entfernen und eine Eintragskennung "
                        "schreiben), dann: journeys offers apply-mapping mapping.yaml ORDNER",
        "to_ref": "Akteur '{actor}' → ref {entry} ({name})",
        "already": "Akteur '{actor}' verweist schon auf {entry}",
        "level": "Ebene {old} → {new}, wie im Katalog",
        "basis": "Rechtsgrundlage {old} → {new}, wie im Katalog",
        "nothing": "Nichts zu ändern: Jeder Akteur verweist schon auf seinen Eintrag.",
        "dry_run": "Probelauf: nichts geschrieben; --write schreibt {files:Datei|Dateien}.",
        "wrote": "{files:Datei|Dateien} geschrieben.",
        "imported": "{path}: Katalog-Fassung {revision} ({offers:Angebot|Angebote})",
        "unchanged": " — unverändert",
        "network": "Verweisnetz über {journeys:Nutzerreise|Nutzerreisen}: "
                   "{offers:Angebot|Angebote}, {links:Verweisweg|Verweiswege}",
        "edge": "  {source} → {target}: {journeys:Nutzerreise|Nutzerreisen}{people}, "
                "{transfer}{lost}",
        "people": ", {count:Person|Personen}",
        "lost": ", danach in {count:Nutzerreise|Nutzerreisen} verloren",
        "survey": "Bestandsaufnahme: {offers:Angebot|Angebote}, "
                  "{journeys:Nutzerreise|Nutzerreisen}",
        "unused": "Von keiner Nutzerreise genutzt ({count}):",
        "unreachable": "Nutzerreisen, die sich auf ein unerreichbares Angebot verlassen "
                       "({count}):",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _lang_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=f"language of headings and lines (default: {default})")

IMPORT_HELP = """\
Make a catalogue.yaml from a table (CSV; ; or , or tab; UTF-8): one row per offer, with the
headers Name, Ebene, Gemeinde, Art, Rechtsgrundlage, Träger, Öffnungszeiten, Adresse,
Buslinie, barrierefrei, Sprachen, Kontakt, Notizen (or their English names: name, level,
municipality, kind, legal_basis, provider, opening_hours, address, bus_line, barrier_free,
languages, contact, notes; optional: id, unerreichbar/unreachable). Rechtsgrundlage is
"Rechtsanspruch: SGB II (BuT)", "Ermessen", "freiwillig" or "karitativ". Ids are made from
name and municipality when there is no id column.

With --workspace the catalogue (a table, or a catalogue.yaml) is saved in the app's workspace
as its next catalogue revision instead (the journeys there then read their offers from it).

examples:
  journeys offers import angebote.csv --out sample_journeys/catalogue.yaml
  journeys offers import angebote.csv --workspace            # the default workspace
  journeys offers import catalogue.yaml --workspace team.db
"""

SURVEY_HELP = """\
The resource survey: per municipality and resource level, what the catalogue holds (who runs
it, when it is open, how to reach it); which entries no journey uses; which journeys rely on an
offer the catalogue marks as unreachable (reach: {unreachable: why}).

examples:
  journeys offers survey sample_journeys
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``offers`` (the catalogue, with its own sub-commands) and ``network``."""
    formatter = argparse.RawDescriptionHelpFormatter
    catalogue = subparsers.add_parser("offers", help="the catalogue of offers (Sozialraum): "
                                      "merge-check, apply-mapping, import, survey")
    actions = catalogue.add_subparsers(title="actions", metavar="ACTION")
    check = actions.add_parser("merge-check", help="which actors count as one offer",
                               description=MERGE_HELP, formatter_class=formatter)
    check.add_argument("files", nargs="+", metavar="DIR|FILE",
                       help="journey files or folders of them")
    catalogue_option(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    _lang_option(check, "the first journey's")
    check.set_defaults(run=run_merge_check)
    catalogue.set_defaults(run=lambda args: (catalogue.print_help(), 2)[1])
    apply = actions.add_parser("apply-mapping", help="write `ref:`s from a mapping file",
                               description=APPLY_HELP, formatter_class=formatter)
    apply.add_argument("mapping", type=Path, metavar="MAPPING.yaml")
    apply.add_argument("files", nargs="+", metavar="DIR|FILE",
                       help="journey files or folders of them")
    catalogue_option(apply)
    apply.add_argument("--write", action="store_true",
                       help="write the changed journey files (default: only show them)")
    _lang_option(apply, "the first journey's")
    apply.set_defaults(run=run_apply_mapping)
    table = actions.add_parser("import", help="a catalogue.yaml from a CSV table",
                               description=IMPORT_HELP, formatter_class=formatter)
    table.add_argument("table", type=Path, metavar="TABLE.csv")
    table.add_argument("--out", type=Path, default=None, metavar="FILE",
                       help="the catalogue file to write (default: stdout)")
    table.add_argument("--force", action="store_true", help="replace FILE if it exists")
    table.add_argument("--workspace", nargs="?", const="", default=None, metavar="PATH",
                       help="save it in the workspace as a new catalogue revision (default "
                            "path: as `journeys app`)")
    _lang_option(table, "English")
    table.set_defaults(run=run_import)
    overview = actions.add_parser("survey", help="what exists where, and what journeys use",
                                  description=SURVEY_HELP, formatter_class=formatter)
    overview.add_argument("files", nargs="+", metavar="DIR|FILE",
                          help="journey files or folders of them")
    catalogue_option(overview)
    overview.add_argument("--format", choices=("text", "json"), default="text")
    _lang_option(overview, "the first journey's")
    overview.set_defaults(run=run_survey)

    network = subparsers.add_parser("network", help="the referral network over journeys",
                                    description=NETWORK_HELP, formatter_class=formatter)
    network.add_argument("files", nargs="+", metavar="DIR|FILE",
                         help="journey files or folders of them")
    catalogue_option(network)
    network.add_argument("--format", choices=("text", "json"), default="text")
    _lang_option(network, "the first journey's")
    network.add_argument("--out", type=Path, default=None, metavar="FILE",
                         help=f"write a figure or GraphML ({', '.join(OUT_TYPES)})")
    network.add_argument("--force", action="store_true", help="replace FILE if it exists")
    network.set_defaults(run=run_network)


def _journeys_and_catalogue(args: argparse.Namespace) -> tuple[list[Journey], Catalogue | None]:
    """The journeys of ``args.files`` and the one catalogue they were loaded against."""
    finder = CatalogueFinder(args.catalogue)
    journeys = load_journeys(args.files, finder=finder)  # the collector is off (journeys.cli)
    return journeys, finder.only()


def run_merge_check(args: argparse.Namespace) -> int:
    journeys, catalogue = _journeys_and_catalogue(args)
    result = merge_check(journeys, catalogue)
    if args.format == "json":
        print(result.model_dump_json(indent=2))
    else:
        print("\n".join(merge_lines(result, args.lang or journeys[0].language)))
    return 0


def merge_lines(result: MergeCheck, lang: str = "en") -> list[str]:
    """The text ``journeys offers merge-check`` prints."""
    lines = [_t("merged", lang, count=len(result.merged))]
    for group in result.merged:
        where = ", ".join(f"{u.journey}:{u.actor}" for u in group.uses)
        lines.append(f"  {group.label} [{group.key}] ← {where}")
    if not result.merged:
        lines.append("  -")
    lines += ["", _t("apart", lang, count=len(result.ambiguous))]
    for item in result.ambiguous:
        lines.append(f"  '{item.actor}':")
        lines += [f"    {u.journey}: {u.label} ({u.region or _t('no_region', lang)})"
                  + (f" → ref {u.ref}" if u.ref else "") for u in item.uses]
    if not result.ambiguous:
        lines.append("  -")
    mapping = {key: ref for item in result.ambiguous for key, ref in item.suggestions.items()}
    if mapping:
        lines += ["", _t("mapping", lang)]
        lines += [f"  {key}: {ref}" if ref else f"  # {key}: ?" for key, ref in mapping.items()]
        lines += ["", _t("save_mapping", lang)]
    return lines


def run_apply_mapping(args: argparse.Namespace) -> int:
    from journeys.commands.files import journey_files
    from journeys.formats import write_all_atomic
    from journeys.offer_mapping import plan_mapping, read_mapping

    mapping = read_mapping(args.mapping)
    finder = CatalogueFinder(args.catalogue)
    journeys = load_journeys(args.files, finder=finder)
    paths = [p for p in journey_files(args.files) if p.name != CATALOGUE_FILE]
    planned = plan_mapping(mapping, paths, journeys, finder, name=str(args.mapping))
    lang = args.lang or journeys[0].language
    for change in planned:
        print(f"{change.path}:")
        print("\n".join(f"  {_actor_change(actor, lang)}" for actor in change.changes))
    changed = [c for c in planned if c.text != c.path.read_text(encoding="utf-8-sig")]
    if not changed:
        print(_t("nothing", lang))
        return 0
    if not args.write:
        print(_t("dry_run", lang, files=len(changed)))
        return 0
    write_all_atomic({c.path: c.text for c in changed})
    print(_t("wrote", lang, files=len(changed)))
    return 0


def _actor_change(change: ActorChange, lang: str) -> str:
    said = [_t("already" if change.already else "to_ref", lang, actor=change.actor,
               entry=change.entry, name=change.name)]
    if change.level:
        said.append(_t("level", lang, old=change.level[0], new=change.level[1]))
    if change.legal_basis:
        said.append(_t("basis", lang, old=change.legal_basis[0], new=change.legal_basis[1]))
    return "; ".join(said)


def run_network(args: argparse.Namespace) -> int:
    from journeys.network import network_graphml, referral_network

    journeys, catalogue = _journeys_and_catalogue(args)
    network = referral_network(journeys, catalogue)
    lang = args.lang or journeys[0].language
    if args.out is not None:
        suffix = args.out.suffix.lower()
        if suffix not in OUT_TYPES:
            raise JourneyError(f"cannot write the network as '{suffix or '(none)'}'",
                               hint=f"name the file *{', *'.join(OUT_TYPES)}")
        check_free(args.out, args.force)
        if suffix == ".graphml":
            data = network_graphml(network)
        else:
            from journeys.export.images import render, rendering
            from journeys.figures.network import network_figure

            with rendering(lang):
                data = render(network_figure(network, journeys, lang=lang), suffix[1:])
        write_output(data, args.out, args.force)
        return 0
    if args.format == "json":
        print(network.model_dump_json(indent=2))
        return 0
    print("\n".join(network_lines(network, len(journeys), lang)))
    return 0


def network_lines(network: ReferralNetwork, journeys: int, lang: str) -> list[str]:
    """The text ``journeys network`` prints."""
    labels = {n.key: n.label for n in network.nodes}
    lines = [_t("network", lang, journeys=journeys, offers=len(network.nodes),
                links=len(network.edges))]
    for edge in network.edges:
        lines.append(_t(
            "edge", lang, source=labels[edge.source], target=labels[edge.target],
            journeys=edge.journeys, transfer=transfer_word(edge.transfer, lang),
            people=_t("people", lang, count=edge.households) if edge.households is not None
            else "", lost=_t("lost", lang, count=edge.lost) if edge.lost else ""))
    return lines


def run_import(args: argparse.Namespace) -> int:
    from journeys.catalogue import dumps_catalogue, load_catalogue
    from journeys.formats import read_bytes
    from journeys.store import Workspace, default_workspace_path
    from journeys.survey import catalogue_from_csv

    if args.workspace is not None and args.out is not None:
        raise JourneyError("--out and --workspace exclude each other",
                           hint="write a file with --out, or save in the workspace")
    if args.workspace is not None and args.table.suffix.lower() in (".yaml", ".yml", ".json"):
        catalogue = load_catalogue(args.table)
    else:
        catalogue = catalogue_from_csv(read_bytes(args.table), name=str(args.table))
    if args.workspace is None:
        write_output(dumps_catalogue(catalogue), args.out, args.force)
        return 0
    path = Path(args.workspace).expanduser() if args.workspace else default_workspace_path()
    with Workspace(path) as workspace:
        current = workspace.catalogue()
        saved = workspace.save_catalogue(catalogue, expected_revision=current and
                                         current.revision, note=f"imported {args.table.name}")
    lang = language(args.lang)
    print(_t("imported", lang, path=path, revision=saved.revision,
             offers=len(catalogue.entries))
          + (_t("unchanged", lang) if current and current.revision == saved.revision else ""))
    return 0


def run_survey(args: argparse.Namespace) -> int:
    from journeys.survey import PLACE_WORDS, entry_line, survey

    journeys, catalogue = _journeys_and_catalogue(args)
    if catalogue is None:
        raise JourneyError("no catalogue found for these journeys",
                           hint="put catalogue.yaml beside them or pass --catalogue FILE")
    result = survey(catalogue, journeys)
    if args.format == "json":
        print(result.model_dump_json(indent=2))
        return 0
    lang = args.lang or journeys[0].language
    german = language(lang) == "de"
    lines = [_t("survey", lang, offers=len(catalogue.entries), journeys=len(journeys))]
    for place, levels in result.places.items():
        lines += ["", PLACE_WORDS.get(language(lang), {}).get(place, place)]
        for level in levels:
            words = LEVELS[level.level]
            lines.append(f"  {level.level} {words.de if german else words.en}: "
                         f"{len(level.entries) or '-'}")
            lines += [f"    {entry_line(catalogue.by_id[e], lang)}" for e in level.entries]
    lines += ["", _t("unused", lang, count=len(result.unused))]
    lines += [f"  {catalogue.by_id[e].name} [{e}]" for e in result.unused] or ["  -"]
    lines += ["", _t("unreachable", lang, count=len(result.unreachable))]
    lines += [f"  {catalogue.by_id[u.entry].name}: {u.reason} ← {', '.join(u.journeys)}"
              for u in result.unreachable] or ["  -"]
    print("\n".join(lines))
    return 0

