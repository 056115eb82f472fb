"""The ``{% chart %}`` tag: a network.core.charts.Chart as SVG, legend and table."""

from django import template

from network.core.caching import rendered_by_content
from network.core.charts import chart_parts, render_html

register = template.Library()


@register.simple_tag
def chart(chart):
    """Render ``chart`` (in Python: network.core.charts.render_html); pages
    that use it link static/css/charts.css."""
    return rendered_by_content("chart", chart_parts(chart), lambda: render_html(chart))
