"""``{% scroll_region label %}…{% endscroll_region %}``: a wide data grid (the register, the
monthly statements) scrolls sideways inside its own box, never the page (WCAG 1.4.10 allows
two-dimensional scrolling for a data table, not for the page around it). The box is a named
region reached with Tab, so a keyboard scrolls it with the arrow keys. A grid of fields (the
register: one Tab stop, arrows inside) says ``{% scroll_region label fields %}``: the box takes
no Tab stop of its own, the focused field scrolls into view.

A list a person reads row by row takes ``.table-stack`` instead (one block per row on a phone,
each cell with the ``data-label`` of its column). docs/decisions/0656-lists-and-reports.md."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


class ScrollRegion(template.Node):
    def __init__(self, label, nodelist, tab_stop):
        self.label = label
        self.nodelist = nodelist
        self.tab_stop = tab_stop

    def render(self, context):
        return format_html(
            '<div class="table-scroll"{} role="region" aria-label="{}">{}</div>',
            mark_safe(' tabindex="0"') if self.tab_stop else "",
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scroll_region(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[2:] not in ([], ["fields"]):
        raise template.TemplateSyntaxError("{% scroll_region label [fields] %}")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegion(parser.compile_filter(bits[1]), nodelist, tab_stop=len(bits) == 2)
