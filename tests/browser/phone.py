"""What a newcomer on a 360 px phone in Khmer notices, as checks a browser test can run on any page.

- `small_tap_targets`: every control a thumb must hit (links, buttons, form fields, the header's
  menu) is at least 44 × 44 CSS px. A checkbox or radio button counts by the label around it, which
  is what the finger really touches. A link inside a sentence is exempt, as WCAG 2.5.8 exempts it:
  the sentence decides its height.
- `english_left`: no text on the page, and no label a screen reader speaks, is an English text that
  has a Khmer one: a translated message of the interface, or the English name of a page, factory or
  department that has a Khmer name.
"""

import re
from dataclasses import dataclass, replace
from pathlib import Path

import polib
from django.conf import settings

MINIMUM_TAP = 44  # CSS px: the size of a fingertip (WCAG 2.5.5, Android's 48 dp less the border)

_TAP_TARGETS_JS = """
(minimum) => {
  const shown = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getClientRects().length > 0;
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim();
    return `<${el.tagName.toLowerCase()}${el.type ? ' type=' + el.type : ''}> "${text.slice(0, 40)}"`;
  };
  // A link is inline in a sentence when its block has text of its own besides the link.
  const inSentence = (el) => {
    const block = el.parentElement.closest('p, li, td, dd, figcaption');
    if (!block || el.classList.contains('tap') || el.classList.contains('button')) return false;
    const own = Array.from(block.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent.trim()).join('');
    return own.length > 0;
  };
  const problems = [];
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])'
  );
  for (const el of controls) {
    if (el.closest('[aria-hidden=true], .visually-hidden')) continue;
    let target = el;
    if (el.type === 'checkbox' || el.type === 'radio') {
      target = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el;
    } else if (!shown(el)) {
      continue;
    }
    if (!shown(target)) continue;
    if (el.tagName === 'A' && inSentence(el)) continue;
    const box = target.getBoundingClientRect();
    if (box.height < minimum - 0.5 || box.width < minimum - 0.5) {
      problems.push(`${describe(el)} is ${Math.round(box.width)} × ${Math.round(box.height)} px`);
    }
  }
  return problems;
}
"""

_SHOWN_TEXTS_JS = """
() => {
  // A text counts unless it is kept as it is on purpose: a name not to translate (translate="no":
  // the site's name, a file's column name) or a text marked as another language (a language's own
  // name in the switcher). A visually hidden text counts: a screen reader speaks it.
  const counts = (el) => {
    if (!el || el.closest('script, style, template, [hidden], [translate=no]')) return false;
    const lang = el.closest('[lang]');
    if (lang && lang !== document.documentElement && !lang.lang.startsWith(document.documentElement.lang)) return false;
    return el.checkVisibility({checkVisibilityCSS: true}) || Boolean(el.closest('.visually-hidden'));
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (counts(walker.currentNode.parentElement)) texts.push(walker.currentNode.textContent);
  }
  // Whole blocks too: a sentence with a number or a name inside is split into several text nodes.
  for (const el of document.body.querySelectorAll('p, li, h1, h2, h3, h4, label, legend, button, a, td, th, dt, dd, figcaption, summary')) {
    if (counts(el)) texts.push(el.innerText);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], [alt], input[type=submit]')) {
    for (const name of ['placeholder', 'aria-label', 'title', 'alt', 'value']) {
      if (el.hasAttribute(name) && (name !== 'value' || el.type === 'submit')) texts.push(el.getAttribute(name));
    }
  }
  texts.push(document.title);
  return texts;
}
"""

# Arrows, bullets, colons and the like around a label ("← Training records", "Department:").
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    return _EDGES.sub("", _SPACES.sub(" ", text)).strip()


def small_tap_targets(page) -> list[str]:
    """The controls on the page a fingertip would miss, each with its size."""
    return page.evaluate(_TAP_TARGETS_JS, MINIMUM_TAP)


@dataclass(frozen=True)
class English:
    """English texts that have a translation, to be found on a page: whole texts, and the texts with
    placeholders as one pattern ("%(count)s people chosen" matches "3 people chosen")."""

    texts: frozenset[str]
    pattern: re.Pattern | None = None

    def __or__(self, names: set[str]) -> "English":
        return replace(self, texts=self.texts | names)

    def __contains__(self, text: str) -> bool:
        return text in self.texts or bool(self.pattern and self.pattern.fullmatch(text))


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
_SLOT = "SLOTforAplaceholder"  # stands for a placeholder while the text is trimmed and escaped


def interface_english(language: str = "km") -> English:
    """The interface's English texts (singular and plural) that have a translation in `language`,
    read from the site's catalogue (lms/locale)."""
    catalogue = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"))
    texts, patterns = set(), []
    for entry in catalogue.translated_entries():
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if "{" in msgid or msgid in (entry.msgstr, *entry.msgstr_plural.values()):
                continue
            plain = _plain(_PLACEHOLDER.sub(_SLOT, msgid))
            words = len(re.findall(r"[A-Za-z]{2,}", plain.replace(_SLOT, " ")))
            if _SLOT not in plain:
                if words:
                    texts.add(plain)
            elif words >= 2:  # fewer: a pattern that would match any text
                patterns.append(re.escape(plain).replace(_SLOT, ".+?"))
    pattern = re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None
    return English(frozenset(texts), pattern)


def english_left(page, english: English) -> list[str]:
    """The texts shown on the page (each text, and each paragraph, label or cell as a whole) that are
    one of the English texts given."""
    found = []
    for text in page.evaluate(_SHOWN_TEXTS_JS):
        plain = _plain(text or "")
        if plain and plain in english and plain not in found:
            found.append(plain)
    return found
