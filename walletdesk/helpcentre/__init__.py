"""The help centre: categories and articles in Markdown, in zh-Hans and English.

Storage. A `Category` keeps its name and description in one column per language: categories
are a handful of labels, always written in both languages at once. An `Article` keeps what does
not depend on language (slug, category, problem-type tags, status, votes, related articles) and
has one `ArticleVersion` per language (title, summary, Markdown body and its rendered HTML).
Versions are rows rather than columns because an article's translations have their own life:
one can be missing or lag behind (the page then says so and shows the other), a new language is
new rows instead of a migration, and a search index works on one language's text at a time.

Content. The articles are product content and live in the repository, in `content/` as
`<slug>.zh-hans.md` and `<slug>.en.md` (`content.py` says the format). Every `migrate` loads
them (`apps.py`, through `services.help_content_sync`), so a fresh `make run`, the demo and the
test database all have them; `walletdesk manage load_help_articles` does the same on demand. An
editor's change in the admin survives the next `migrate` until the file itself changes.

Search: `search.py` puts each language version in the shared engine (`walletdesk.core.search`),
so a query in either language finds the article, shown in the visitor's language; drafts are
filtered out by the selectors, never by the index.

Ways in: `selectors.py` (what a visitor may read, search included) and `services.py` (votes,
loading content).
"""
