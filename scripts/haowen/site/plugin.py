"""The MkDocs plugin: adds the generated pages as virtual files and rebuilds when data/ changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from haowen.catalog.load import Catalog, load
from haowen.catalog.status import StatusFileError
from haowen.export.feed import add_head_link
from haowen.site.context import LINKS_PER_PAGE, PageClash, Site
from haowen.site.pages import RENDERERS
from haowen.site.pages.nav import in_nav
from haowen.site.pages.notfound import NOT_FOUND, not_found_picks
from haowen.site.search import index as search_index
from haowen.site.search.segment import SEARCH_DICT, load_user_dict
from haowen.site.toolchain import check_material, check_nav_plugin, check_search_plugin

log = get_plugin_logger(__name__)  # "mkdocs.plugins.haowen…", shown by MkDocs like its own messages


class HaowenConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs' Config is untyped
    catalog = config_options.File(exists=True, default="data/links.yaml")  # relative to mkdocs.yml
    page_size = config_options.Type(int, default=LINKS_PER_PAGE)  # links per category or tag page


def generated_files(site: Site) -> dict[str, str]:
    """Every renderer's output; two renderers writing one path is a bug and stops the build."""
    out: dict[str, str] = {}
    for render in RENDERERS:
        try:
            pages = render(site)
        except PageClash as exc:
            raise PluginError(str(exc)) from None
        for path, text in pages.items():
            if path in out:
                raise PluginError(f"两个页面生成器都要生成 {path}")
            out[path] = text
    return out


class HaowenPlugin(BasePlugin[HaowenConfig]):  # type: ignore[no-untyped-call]  # as above
    """Renders data/links.yaml (with taxonomy.yaml and tags.yaml beside it) into site pages."""

    def _catalog_path(self) -> Path:
        return Path(self.config.catalog)  # made absolute by config_options.File

    def _load(self, config: MkDocsConfig) -> Catalog:
        catalog, problems = load(self._catalog_path())
        if problems:
            details = "\n".join(p.text() for p in sorted(problems))
            raise PluginError(f"目录数据有 {len(problems)} 个问题（haowen validate 会列出全部）：\n{details}")
        return catalog

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        check_material()
        check_nav_plugin(config.plugins)
        check_search_plugin(config.plugins)
        if self.config.page_size < 1:
            raise PluginError(f"haowen 插件的 page_size 应是正整数（每页链接数），现在是 {self.config.page_size}")
        load_user_dict(self._catalog_path().parent / SEARCH_DICT)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        catalog = self._load(config)
        try:
            self.site = site = Site.of(catalog, config.use_directory_urls, config.site_url, self.config.page_size)
        except StatusFileError as exc:
            details = "\n".join(p.text() for p in exc.problems)
            raise PluginError(f"链接状态文件有问题，网站无法标出失效链接：\n{details}") from None
        generated, shown = generated_files(site), in_nav(site)
        for path, text in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} 是手写文件，但网站要在同一位置生成页面：请给手写文件换个名字")
            # Tag, series and numbered pages are reached from other pages: not a "not in nav" report each.
            inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") and path not in shown else InclusionLevel.UNDEFINED
            file = File.generated(config, path, content=text, inclusion=inclusion)
            file.edit_uri = None  # no ✎: a generated page is changed through data/ (CONTRIBUTING.md), not edited
            files.append(file)
        log.debug("生成了 %d 个文件（%d 个不在导航里）", len(generated), sum(p.endswith(".md") and p not in shown for p in generated))
        return files

    @event_priority(-100)  # after the search plugin has read the page without its link lists
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        page.content = self.site.deferred.fill(page.file.src_uri, page.content or "")
        return context

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == NOT_FOUND:
            context["haowen_picks"] = not_found_picks(self.site)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return add_head_link(output, page.url)  # every page announces feed.xml (issue 6)

    @event_priority(-100)  # after Material's search plugin, whose index of pages the site does not use
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        search_index.write(self.site, Path(config.site_dir))

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        server.watch(str(self._catalog_path().parent.resolve()))
        return server


def as_plain_markdown(site: Site, files: dict[str, str]) -> dict[str, str]:
    """`files` with the deferred HTML written into the Markdown: the same pages as hand-written files.

    What a site without this plugin would have to build (the benchmarks' baseline, and tests that read
    generated pages as a reader sees them).
    """
    return {path: site.deferred.fill(path, text) for path, text in files.items()}
