"""``{% scroll_region label %}…{% endscroll_region %}``: a wide data grid (the register, the
monthly statements) scrolls sideways inside its own box, never the page (WCAG 1.4.10 allows
two-dimensional scrolling for a data table, not for the page around it). The box is a named
region reached with Tab, so a keyboard scrolls it with the arrow keys.

A list a person reads row by row takes ``.table-stack`` instead (one block per row on a phone,
each cell with the ``data-label`` of its column). docs/decisions/0656-lists-and-reports.md."""

from django import template
from django.utils.html import format_html

register = template.Library()


class ScrollRegion(template.Node):
    def __init__(self, label, nodelist):
        self.label = label
        self.nodelist = nodelist

    def render(self, context):
        return format_html(
            '<div class="table-scroll" tabindex="0" role="region" aria-label="{}">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scroll_region(parser, token):
    try:
        _name, label = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% scroll_region label %} takes one label.") from None
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegion(parser.compile_filter(label), nodelist)
