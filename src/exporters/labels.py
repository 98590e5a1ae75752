"""The few words exporters print around an article, in the article's language.

Exporters never hard-code English: ``labels("kk")["by"]`` gives the Kazakh word.
Languages without a table fall back to English.

>>> labels("ru-RU")["contents"]
'Содержание'
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["labels", "LABELS"]

_EN = {
    "by": "By",
    "and": "and",
    "with_reporting": "With reporting by {names}",
    "contents": "Contents",
    "published": "Published",
    "updated": "Updated",
    "language": "Language",
    "source": "Source",
    "publisher": "Publisher",
    "rights": "Rights",
    "credits": "Credits",
    "image": "Image",
    "caption": "Caption",
    "credit": "Credit",
    "links": "Links",
    "notices": "Notices",
    "page_of": "Page {page} of {pages}",
    "originally": "Originally published by",
    "quote_by": "said",
    "embed": "Embedded content",
    "dateline": "Dateline",
    "section": "Section",
    "issue": "Issue",
    "editors": "Edited by",
    "decorative": "decorative image",
    "skip": "Skip to content",
}

LABELS: dict[str, dict[str, str]] = {
    "en": _EN,
    "ru": {
        **_EN,
        "by": "Автор:",
        "and": "и",
        "with_reporting": "По материалам {names}",
        "contents": "Содержание",
        "published": "Опубликовано",
        "updated": "Обновлено",
        "language": "Язык",
        "source": "Источник",
        "publisher": "Издатель",
        "rights": "Права",
        "credits": "Авторы материалов",
        "image": "Изображение",
        "caption": "Подпись",
        "credit": "Фото",
        "links": "Ссылки",
        "notices": "Примечания",
        "page_of": "Страница {page} из {pages}",
        "originally": "Впервые опубликовано:",
        "embed": "Встроенный материал",
        "editors": "Редакторы:",
        "skip": "Перейти к содержанию",
        "role:editor": "Редактор:",
        "role:photographer": "Фото:",
        "role:translator": "Перевод:",
        "role:data": "Данные:",
        "role:additional reporting": "При участии",
    },
    "kk": {
        **_EN,
        "by": "Авторы:",
        "and": "және",
        "with_reporting": "{names} материалдары бойынша",
        "contents": "Мазмұны",
        "published": "Жарияланды",
        "updated": "Жаңартылды",
        "language": "Тіл",
        "source": "Дереккөз",
        "publisher": "Баспагер",
        "rights": "Құқықтар",
        "credits": "Қатысушылар",
        "image": "Сурет",
        "caption": "Сурет жазуы",
        "credit": "Фото",
        "links": "Сілтемелер",
        "notices": "Ескертпелер",
        "page_of": "{pages} беттің {page}-беті",
        "originally": "Алғаш жарияланған:",
        "embed": "Енгізілген материал",
        "editors": "Редакторлар:",
        "skip": "Негізгі мазмұнға өту",
        "role:editor": "Редактор:",
        "role:photographer": "Фото:",
        "role:translator": "Аударған:",
        "role:data": "Деректер:",
        "role:additional reporting": "Қосымша материал:",
    },
    "fa": {
        **_EN,
        "by": "نویسنده:",
        "and": "و",
        "with_reporting": "با گزارش از {names}",
        "contents": "فهرست",
        "published": "انتشار",
        "updated": "به‌روزرسانی",
        "language": "زبان",
        "source": "منبع",
        "publisher": "ناشر",
        "rights": "حقوق",
        "credits": "همکاران",
        "image": "تصویر",
        "caption": "زیرنویس",
        "credit": "عکس",
        "links": "پیوندها",
        "notices": "یادداشت‌ها",
        "page_of": "صفحه {page} از {pages}",
        "originally": "نخستین انتشار:",
        "embed": "محتوای جاسازی‌شده",
        "editors": "ویراستاران:",
        "skip": "پرش به محتوای اصلی",
        "role:editor": "ویراستار:",
        "role:photographer": "عکاس:",
        "role:translator": "مترجم:",
        "role:data": "داده‌ها:",
        "role:additional reporting": "با همکاری",
    },
}


@lru_cache(maxsize=256)
def labels(language: str) -> dict[str, str]:
    """The label table for a BCP 47 tag (primary subtag), English when unknown.

    Asked for many times per article, always about the same few tags, so each tag's answer is kept.
    """
    return LABELS.get(language.split("-")[0].lower(), _EN)
