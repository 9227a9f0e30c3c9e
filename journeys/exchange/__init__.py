"""Exchange with other tools: CSV for Excel, GraphML for yEd and Gephi, Mermaid for
GitLab, GitHub and Notion — exports, and imports of Mermaid user journeys and CSV tables.

Every import gives a valid ``Journey`` or raises a ``JourneyError`` naming the file, the
line and the fix. See docs/export.md.
"""

from journeys.exchange.csv_tables import Source, journey_from_tables, journey_tables
from journeys.exchange.graphml import graphml_graph, journey_graphml
from journeys.exchange.ids import slug, unique_slug
from journeys.exchange.mermaid import LANES, mermaid_flowchart
from journeys.exchange.mermaid_journey import journey_from_mermaid, mermaid_journey
from journeys.exchange.register_csv import register_columns, register_csv
from journeys.exchange.table import SEPARATORS

__all__ = [
    "LANES", "SEPARATORS", "Source", "graphml_graph", "journey_from_mermaid",
    "journey_from_tables", "journey_graphml", "journey_tables", "mermaid_flowchart",
    "mermaid_journey", "register_columns", "register_csv", "slug", "unique_slug",
]
