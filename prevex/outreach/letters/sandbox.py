"""The letter texts a coordinator writes, rendered by Django's template engine in a box: only `{{ name }}`
placeholders the app provides (no tag, no attribute lookup, a few harmless filters), every value autoescaped
for the PDF (plain text for the DOCX, which docxtpl escapes itself). A text with an unknown placeholder, a tag
or a syntax error is refused with a French message naming what is wrong.
"""

import re
from functools import lru_cache

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.utils.html import escape
from django.utils.translation import gettext as _

# A bare engine: no template loader, no tag library to `{% load %}`, nothing printed for a missing value (all
# names are checked before rendering).
ENGINE = Engine(libraries={}, loaders=[], string_if_invalid="", autoescape=True)
ALLOWED_FILTERS = frozenset({"upper", "lower", "capfirst", "title", "default"})
MARKUP_CHARACTERS = frozenset("<>&\"'")
# What is left of an unclosed `{{`, `{%` or `{#` (the engine leaves them as text).
UNCLOSED = re.compile(r"\{[{%#]")


class TextRefused(ValueError):
    """The text cannot be a letter template; `messages` says why, in French."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def _syntax_message(error: TemplateSyntaxError) -> str:
    text = str(error)
    tag = re.search(r"Invalid block tag on line \d+: '([^']+)'", text)
    if tag:
        return _("La balise « {%% %(tag)s %%} » n'est pas permise : utilisez seulement des champs {{ … }}.") % {
            "tag": tag.group(1)
        }
    if "Could not parse" in text or "Empty variable tag" in text:
        found = re.search(r"remainder: '([^']*)' from '([^']*)'", text)
        where = found.group(2) if found else ""
        return _("Champ mal écrit « {{ %(where)s }} » : un champ s'écrit {{ nom_du_champ }}.") % {"where": where}
    if "Invalid filter" in text:
        name = re.search(r"Invalid filter: '([^']+)'", text)
        return _("Le filtre « %(name)s » n'est pas permis.") % {"name": name.group(1) if name else ""}
    return _("Le modèle est mal écrit : vérifiez les accolades {{ }} et les balises.")


def _variable_problems(node: VariableNode, allowed: frozenset[str]) -> list[str]:
    expression: FilterExpression = node.filter_expression
    token = expression.token
    problems = []
    var = expression.var
    if not isinstance(var, Variable) or var.literal is not None or len(var.lookups or ()) != 1:
        problems.append(_("Champ inconnu « {{ %(name)s }} ».") % {"name": token})
    elif var.lookups[0] not in allowed:
        problems.append(_("Champ inconnu « {{ %(name)s }} ».") % {"name": var.lookups[0]})
    for function, args in expression.filters:
        name = getattr(function, "_filter_name", "?")
        if name not in ALLOWED_FILTERS:
            problems.append(_("Le filtre « %(name)s » n'est pas permis.") % {"name": name})
        problems += _argument_problems(name, args)
    return problems


def _argument_problems(name: str, args) -> list[str]:
    """A filter's argument must be plain text: Django takes a quoted argument as safe and prints it unescaped, so
    markup in it (« default:"<div…>" ») would reach the page and the PDF as markup."""
    problems = []
    for is_variable, value in args:
        if is_variable:
            problems.append(
                _("L'argument du filtre « %(name)s » doit être un texte entre guillemets.") % {"name": name}
            )
        elif MARKUP_CHARACTERS & set(str(value)):
            problems.append(
                _("Le texte du filtre « %(name)s » ne peut contenir ni < > & ni guillemets.") % {"name": name}
            )
    return problems


def compile_text(source: str, allowed) -> object:
    """The compiled template of `source`, or TextRefused naming each unknown placeholder, tag or syntax error."""
    allowed = frozenset(allowed)
    try:
        template = ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        raise TextRefused([_syntax_message(error)]) from None
    problems: list[str] = []
    for node in template.nodelist:
        if isinstance(node, VariableNode):
            problems += _variable_problems(node, allowed)
        elif isinstance(node, TextNode):
            if UNCLOSED.search(node.s):
                problems.append(_("Accolade non refermée près de « %(text)s ».") % {"text": _around(node.s)})
        else:
            name = getattr(getattr(node, "token", None), "contents", "").split(" ")[0] or "?"
            problems.append(
                _("La balise « {%% %(tag)s %%} » n'est pas permise : utilisez seulement des champs {{ … }}.")
                % {"tag": name}
            )
    if problems:
        raise TextRefused(list(dict.fromkeys(problems)))
    return template


def _around(text: str) -> str:
    start = UNCLOSED.search(text).start()
    return text[start : start + 30].strip()


@lru_cache(maxsize=256)
def _compiled(source: str, allowed: frozenset[str], autoescape: bool):
    """A checked template, its typed text escaped when `autoescape` (a `<b>` typed in a template is text, never
    markup). Cached: a day's letters render the same few texts hundreds of times (rendering is thread-safe)."""
    template = compile_text(source, allowed)
    if autoescape:
        for node in template.nodelist:
            if isinstance(node, TextNode):
                node.s = escape(node.s)
    return template


def render_text(source: str, values: dict[str, str], *, autoescape: bool = True) -> str:
    """`source` with its placeholders filled from `values` (strings), HTML-escaped unless `autoescape` is False:
    the values and the text typed around them."""
    template = _compiled(source, frozenset(values), autoescape)
    return template.render(Context(values, autoescape=autoescape))


def check_text(source: str, allowed) -> list[str]:
    """The French problems of a text ([] if it is a valid template)."""
    try:
        compile_text(source, allowed)
    except TextRefused as refusal:
        return refusal.messages
    return []
