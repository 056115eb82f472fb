"""The ``{% chart %}`` tag: a network.core.charts.Chart as SVG, legend and table."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def chart(chart):
    """Render ``chart``; pages that use it link static/css/charts.css."""
    return render_to_string("charts/chart.html", {"chart": chart})
