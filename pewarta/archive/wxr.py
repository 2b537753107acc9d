"""Reading a WordPress export (WXR 1.0–1.2) as a stream: bounded memory whatever its size.

`records(path)` yields one plain dict per author, category, tag and item, in file order, and
frees each element once read. Elements are matched by local name inside the WordPress export
namespace, whichever version (`http://wordpress.org/export/1.x/`) or host spelling it uses, so
old and new exports read alike. Pure: no database.
"""

from dataclasses import dataclass, field

from lxml import etree

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


def _is_wp(namespace: str | None) -> bool:
    if not namespace:
        return False
    bare = namespace.split("://", 1)[-1]
    return bare.startswith(("wordpress.org/export/", "wordpress.com/export/")) and (
        "excerpt" not in bare
    )


def _is_excerpt(namespace: str | None) -> bool:
    return bool(namespace) and "/export/" in namespace and "excerpt" in namespace


def _split(tag) -> tuple[str | None, str]:
    if not isinstance(tag, str):
        return None, ""
    q = etree.QName(tag)
    return q.namespace, q.localname


@dataclass
class Item:
    wp_id: str
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    slug: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_gmt: str = ""
    date: str = ""
    parent: str = ""
    attachment_url: str = ""
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)
    comments: int = 0


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _wp_children(element) -> dict:
    out = {}
    for child in element:
        namespace, name = _split(child.tag)
        if _is_wp(namespace):
            out.setdefault(name, child)
    return out


def _item(element) -> Item:
    wp = _wp_children(element)
    item = Item(
        wp_id=_text(wp.get("post_id")),
        post_type=_text(wp.get("post_type")) or "post",
        status=_text(wp.get("status")),
        slug=_text(wp.get("post_name")),
        date_gmt=_text(wp.get("post_date_gmt")),
        date=_text(wp.get("post_date")),
        parent=_text(wp.get("post_parent")),
        attachment_url=_text(wp.get("attachment_url")),
    )
    for child in element:
        namespace, name = _split(child.tag)
        if namespace is None and name == "title":
            item.title = child.text or ""
        elif namespace is None and name == "link":
            item.link = _text(child)
        elif namespace is None and name == "guid":
            item.guid = _text(child)
        elif namespace is None and name == "category":
            item.categories.append(
                (child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip())
            )
        elif namespace == DC_NS and name == "creator":
            item.creator = _text(child)
        elif namespace == CONTENT_NS and name == "encoded":
            item.content = child.text or ""
        elif _is_excerpt(namespace) and name == "encoded":
            item.excerpt = child.text or ""
        elif _is_wp(namespace) and name == "postmeta":
            meta = _wp_children(child)
            key = _text(meta.get("meta_key"))
            if key:
                item.meta[key] = _text(meta.get("meta_value"))
        elif _is_wp(namespace) and name == "comment":
            item.comments += 1
    return item


def _author(element) -> dict:
    wp = _wp_children(element)
    return {
        "login": _text(wp.get("author_login")),
        "email": _text(wp.get("author_email")),
        "name": _text(wp.get("author_display_name")),
        "first_name": _text(wp.get("author_first_name")),
        "last_name": _text(wp.get("author_last_name")),
    }


def _term(element, prefix: str) -> dict:
    wp = _wp_children(element)

    def first(*names):
        return next((_text(wp[n]) for n in names if wp.get(n) is not None), "")

    return {
        "slug": first(f"{prefix}_nicename", "tag_slug"),
        "name": first(f"{prefix}_name", "cat_name"),
        "parent": first("category_parent"),
    }


def records(source):
    """Yield ("site", dict), ("author", dict), ("category", dict), ("tag", dict), ("item", Item)."""
    context = etree.iterparse(
        source, events=("end",), huge_tree=True, resolve_entities=False, no_network=True,
        remove_comments=True,
    )  # fmt: skip
    site_link = ""
    for _event, element in context:
        namespace, name = _split(element.tag)
        record = None
        if namespace is None and name == "link" and element.getparent() is not None:
            parent_ns, parent_name = _split(element.getparent().tag)
            if parent_name == "channel" and not site_link:
                site_link = _text(element)
                record = ("site", {"link": site_link})
        elif _is_wp(namespace) and name == "base_site_url":
            record = ("site", {"base": _text(element)})
        elif _is_wp(namespace) and name == "author" and _parent_is_channel(element):
            record = ("author", _author(element))
        elif _is_wp(namespace) and name == "category" and _parent_is_channel(element):
            record = ("category", _term(element, "category"))
        elif _is_wp(namespace) and name == "tag" and _parent_is_channel(element):
            record = ("tag", _term(element, "tag"))
        elif namespace is None and name == "item":
            record = ("item", _item(element))
        if record is not None or name in ("item",):
            _free(element)
        if record is not None:
            yield record


def _parent_is_channel(element) -> bool:
    parent = element.getparent()
    return parent is not None and _split(parent.tag)[1] == "channel"


def _free(element) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
