"""Form widgets that render long lists of choices in Python.

Django renders a ``<select>`` through one template per ``<option>``: a
filter with 200 members and 250 regions costs tens of milliseconds a page
(measured in docs/performance.md). These widgets produce the very same HTML
as Django's templates, built with ``format_html`` instead.
"""

from django import forms
from django.utils.html import conditional_escape, format_html, mark_safe


def _attributes(attrs):
    """`` name="value"`` pairs as django/forms/widgets/attrs.html writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(format_html(" {}", name))
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    # Every part went through format_html, which escaped names and values.
    return mark_safe("".join(parts))


class QuickSelectMixin:
    """Render ``select.html`` and ``select_option.html`` without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, (list, tuple)) for _value, label in self.choices):
            return self._render_groups(name, value, attrs)
        # Flat choices, the usual case: no per-option dictionaries at all.
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        wanted = set(self.format_value(value))
        html = [format_html('<select name="{}"', name), _attributes(attrs), ">"]
        found = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted and (self.allow_multiple_selected or not found)
            found = found or selected
            html.append(
                f'\n  <option value="{conditional_escape(option_value)}"'
                f"{' selected' if selected else ''}>{conditional_escape(label)}</option>\n"
            )
        html.append("\n</select>")
        # Values and labels went through conditional_escape; the rest are literals.
        return mark_safe("".join(html))

    def _render_groups(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"]), ">"]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                html.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                html.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        # Dynamic parts went through format_html; the rest are literals.
        return mark_safe("".join(html))


class QuickSelect(QuickSelectMixin, forms.Select):
    """``forms.Select``, rendered in Python."""
