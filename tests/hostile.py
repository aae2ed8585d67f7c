"""Hostile content: well-known XSS and Markdown-injection strings, and guides full of them.

The strings are written for this project after the patterns in public references such
as the OWASP XSS filter evasion cheat sheet: tag and attribute injection, entity and
comment tricks, script-context breakouts, URL schemes, and Markdown syntax that would
become HTML, links or images.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from acupuncture_content import Guide, load_guide
from acupuncture_content.models import Text

#: Payloads that try to set ``window.__xss`` or open a dialog if they ever run.
XSS = (
    "<script>window.__xss=1</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg/onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=alert(1)>",
    "</script><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "<!--<script>window.__xss=1//-->",
    "<!-- --!><script>window.__xss=1</script>",
    "<![CDATA[<script>window.__xss=1</script>]]>",
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<a href="javascript:window.__xss=1">click</a>',
    "javascript:window.__xss=1",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "&#60;script&#62;window.__xss=1&#60;/script&#62;",
    "&#x3C;img src=x onerror=window.__xss=1&#x3E;",
    '<div style="background:url(javascript:window.__xss=1)">x</div>',
    '<base href="javascript:window.__xss=1//">',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    "{{constructor.constructor('window.__xss=1')()}}",
    "${window.__xss=1}",
    "\u202e<script>window.__xss=1</script>\u202c",
    "x\u200b<script>window.__xss=1</script>",
)

#: Markdown that must stay text: never HTML, a link, an image or an autolink.
MARKDOWN_INJECTION = (
    "[click](javascript:window.__xss=1)",
    "[click](https://evil.example)",
    "![pixel](https://evil.example/pixel.png)",
    "<https://evil.example>",
    "<mailto:a@evil.example>",
    "[ref]: https://evil.example",
    "[text][ref]",
    "*emphasis* **strong** _under_ __double__ `code`",
    "# heading",
    "## heading ##",
    "> quote",
    "- item",
    "+ item",
    "1. item",
    "1) item",
    "---",
    "***",
    "    indented code",
    "```fence",
    "~~~fence",
    "\\*escaped\\*",
    "trailing backslash\\",
    "&amp; &copy; &#42;",
    "<div>block html</div>",
    "<span onclick=window.__xss=1>inline html</span>",
    "line  with  double  spaces",
    " leading and trailing spaces ",
)

CORPUS = XSS + MARKDOWN_INJECTION

#: Hrefs that pass validation but carry payloads in their text (the link policy's
#: grammar allows quotes, parentheses, "&", ";" and percent-escapes).
HOSTILE_HREFS = (
    "https://example.org/%22%3E%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "https://example.org/?q=%3Cimg/src=x/onerror=window.__xss=1%3E",
    "https://example.org/#'onmouseover='window.__xss=1",
    "https://example.org/'%20onmouseover='window.__xss=1'",
    "https://example.org/?a=&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "https://example.org/?a=&quot;&gt;&#x22;",
    "https://example.org/a)b(c))(javascript:window.__xss=1)",
    "https://example.org/*a*_b_~c~!d$e",
    "https://example.org/&#x5C;@evil.example/",
    "https://xn--bcher-kva.example/?q=%00%0A%0D%E2%80%AE",
    "mailto:o'brien+window.__xss-1@example.org",
    "tel:+1-(555)-0100;ext=1",
)

#: Hrefs with payloads the link policy refuses outright (raw quotes, angle brackets,
#: backslashes, spaces, userinfo, headers of a mailto: URL).
REFUSED_HOSTILE_HREFS = (
    'https://example.org/"><script>window.__xss=1</script>',
    "https://example.org/?q=<img/src=x/onerror=window.__xss=1>",
    "https://example.org/ onmouseover=window.__xss=1",
    "https://example.org\\@evil.example/",
    "https://window.__xss=1@example.org/",
    "mailto:a@example.org?subject=</script><script>window.__xss=1</script>",
    "mailto:a@example.org?body=%3Cscript%3E",
    "mailto:a&bcc=evil@example.org",
    "tel:+1-555-0100<script>",
)


def guide_with(text: str, href: str = "https://example.org/") -> Guide:
    """The English guide with ``text`` in every text field, and one link to ``href``."""
    data: dict[str, Any] = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["title"] = text
    data["author"] = {"name": text}
    data["introduction"] = [
        {
            "type": "paragraph",
            "content": [
                {"type": "text", "text": text},
                {"type": "text", "text": " "},
                {"type": "emphasis", "children": [{"type": "text", "text": text}]},
                {"type": "text", "text": " "},
                {"type": "strong", "children": [{"type": "text", "text": text}]},
                {"type": "text", "text": " "},
                {"type": "link", "href": href, "children": [{"type": "text", "text": text}]},
            ],
        }
    ]
    for section in data["sections"]:
        section["heading"] = text
        section["blocks"] = [
            {"type": "paragraph", "content": [{"type": "text", "text": text}]},
            {"type": "bullet_list", "items": [{"content": [{"type": "text", "text": text}]}]},
        ]
    return Guide.model_validate(data)


def accepted(text: str) -> bool:
    """Whether validation accepts ``text`` as a text field (a title: not only whitespace)."""
    try:
        Text(text=text)
    except ValidationError:
        return False
    return not text.isspace()
