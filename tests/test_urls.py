"""The canonicalisation table: one row per HOST_RULES entry and per rule in the issue."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haowen.catalog.load import load
from haowen.catalog.urls import (
    HOST_RULES,
    PLAIN_URL,
    UrlError,
    already_canonical,
    canonical,
    plainly_http,
    rebuilt,
    split_checked,
)

# (input, expected canonical form).  Expected values are written from the rules, not copied
# from the implementation's output.
CASES: list[tuple[str, str]] = [
    # --- zhihu: tardis share links are columns; zhihu.com is www.zhihu.com; every query parameter goes
    ("https://www.zhihu.com/tardis/zm/art/647852940?source_id=1003", "https://zhuanlan.zhihu.com/p/647852940"),
    ("https://www.zhihu.com/tardis/bd/art/675603950", "https://zhuanlan.zhihu.com/p/675603950"),
    ("http://www.zhihu.com/tardis/sogou/art/123456/?utm_psn=1", "https://zhuanlan.zhihu.com/p/123456"),
    ("https://www.zhihu.com/question/602564718/answer/3062973388?utm_campaign=shareopn&share_code=abc",
     "https://www.zhihu.com/question/602564718/answer/3062973388"),
    ("https://zhihu.com/question/5?rf=7", "https://www.zhihu.com/question/5"),
    ("https://zhihu.com/people/some-one", "https://www.zhihu.com/people/some-one"),
    ("https://zhuanlan.zhihu.com/p/638326262?utm_psn=17&x=2&page=3", "https://zhuanlan.zhihu.com/p/638326262"),
    ("http://zhuanlan.zhihu.com/p/599150009/", "https://zhuanlan.zhihu.com/p/599150009"),
    ("https://zhuanlan.zhihu.com/p/599150009#h_1", "https://zhuanlan.zhihu.com/p/599150009"),
    # --- WeChat long form: __biz, mid, idx, sn only, in that order ---------------------------
    ("https://mp.weixin.qq.com/s?__biz=MzA3MzI4MjgzMw==&mid=2650&idx=1&sn=abc123&chksm=84e&scene=21#wechat_redirect",
     "https://mp.weixin.qq.com/s?__biz=MzA3MzI4MjgzMw==&mid=2650&idx=1&sn=abc123"),
    ("https://mp.weixin.qq.com/s?sn=abc123&idx=1&scene=21&mid=2650&__biz=MzA3MzI4MjgzMw==",
     "https://mp.weixin.qq.com/s?__biz=MzA3MzI4MjgzMw==&mid=2650&idx=1&sn=abc123"),
    ("http://mp.weixin.qq.com/s/?__biz=MzA3MzI4MjgzMw%3D%3D&mid=2650&idx=1&sn=abc123",
     "https://mp.weixin.qq.com/s?__biz=MzA3MzI4MjgzMw==&mid=2650&idx=1&sn=abc123"),
    ("https://mp.weixin.qq.com/mp/appmsg/show?__biz=MzA3MzI4MjgzMw==&mid=7&idx=2&sn=Zz&appmsgid=1",
     "https://mp.weixin.qq.com/s?__biz=MzA3MzI4MjgzMw==&mid=7&idx=2&sn=Zz"),
    # --- WeChat short form: /s/<id>, query dropped, id case kept ---------------------------
    ("https://mp.weixin.qq.com/s/jnQjMDbSV2L9OzA7rFWAUA?poc_token=HBx&scene=1",
     "https://mp.weixin.qq.com/s/jnQjMDbSV2L9OzA7rFWAUA"),
    ("http://mp.weixin.qq.com/s/I_-RXtMAy5YXPRQ7XsBNRQ/#rd", "https://mp.weixin.qq.com/s/I_-RXtMAy5YXPRQ7XsBNRQ"),
    # --- arXiv: abs / pdf / .pdf / vN are one article ---------------------------------------
    ("https://arxiv.org/abs/2305.13048", "https://arxiv.org/abs/2305.13048"),
    ("https://arxiv.org/abs/2305.13048v3", "https://arxiv.org/abs/2305.13048"),
    ("http://arxiv.org/pdf/2305.13048v2.pdf", "https://arxiv.org/abs/2305.13048"),
    ("https://arxiv.org/pdf/2305.13048.pdf", "https://arxiv.org/abs/2305.13048"),
    ("https://arxiv.org/pdf/2305.13048", "https://arxiv.org/abs/2305.13048"),
    ("https://arxiv.org/abs/1706.03762?context=cs", "https://arxiv.org/abs/1706.03762"),
    ("https://www.arxiv.org/abs/2401.04088v1", "https://arxiv.org/abs/2401.04088"),
    ("https://export.arxiv.org/pdf/2401.04088", "https://arxiv.org/abs/2401.04088"),
    ("https://arxiv.org/abs/0704.0001", "https://arxiv.org/abs/0704.0001"),
    ("https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001"),
    ("https://arxiv.org/pdf/hep-th/9901001v2.pdf", "https://arxiv.org/abs/hep-th/9901001"),
    ("https://export.arxiv.org/abs/hep-th/9901001v1", "https://arxiv.org/abs/hep-th/9901001"),
    ("https://arxiv.org/abs/math.GT/0309136", "https://arxiv.org/abs/math.GT/0309136"),
    # --- bilibili: m. videos are www. ones; keep `p`, drop the rest, keep the id's case --------
    ("https://www.bilibili.com/video/BV1aB4y1c7D8/?p=2&vd_source=0f1e&spm_id_from=333.788",
     "https://www.bilibili.com/video/BV1aB4y1c7D8?p=2"),
    ("https://www.bilibili.com/video/BV1Xx4y1c7ZQ?share_source=copy_web&t=30", "https://www.bilibili.com/video/BV1Xx4y1c7ZQ"),
    ("https://m.bilibili.com/video/BV1Xx4y1c7ZQ?p=3&share_medium=android", "https://www.bilibili.com/video/BV1Xx4y1c7ZQ?p=3"),
    ("https://m.bilibili.com/space/12345", "https://m.bilibili.com/space/12345"),
    # --- generic rules -------------------------------------------------------------------------
    ("http://example.com/a", "https://example.com/a"),
    ("https://example.com/post/#comments", "https://example.com/post"),
    ("https://example.com/a/b/", "https://example.com/a/b"),
    ("https://example.com/", "https://example.com"),
    ("https://EXAMPLE.com/Some/CamelCase/Path", "https://example.com/Some/CamelCase/Path"),
    ("https://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?UTM_Source=x&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?spm=a2c6h.1&spm_id_from=3&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?vd_source=1&share_token=2&source_id=3", "https://example.com/a"),
    ("https://example.com/a?page=2&sort=new", "https://example.com/a?page=2&sort=new"),
    # --- GitHub: a repository is one page whatever .git, the default branch or a UI tab say (issue 26) ------
    ("https://github.com/BBuf/how-to-optim-algorithm-in-cuda/blob/master/README.md#cuda",
     "https://github.com/BBuf/how-to-optim-algorithm-in-cuda"),
    ("https://github.com/xlite-dev/ffpa-attn.git", "https://github.com/xlite-dev/ffpa-attn"),
    ("https://github.com/xlite-dev/ffpa-attn?tab=readme-ov-file", "https://github.com/xlite-dev/ffpa-attn"),
    ("https://github.com/xlite-dev/ffpa-attn?tab=readme-ov-file#readme", "https://github.com/xlite-dev/ffpa-attn"),
    ("https://github.com/NVIDIA/cutlass/tree/main/", "https://github.com/NVIDIA/cutlass"),
    ("https://github.com/NVIDIA/cutlass/tree/master", "https://github.com/NVIDIA/cutlass"),
    ("https://github.com/NVIDIA/cutlass/tree/HEAD", "https://github.com/NVIDIA/cutlass"),
    ("https://www.github.com/NVIDIA/cutlass", "https://github.com/NVIDIA/cutlass"),
    ("https://github.com/NVIDIA/cutlass/tree/main/examples", "https://github.com/NVIDIA/cutlass/tree/main/examples"),
    ("https://github.com/NVIDIA/cutlass/tree/v3.5.0", "https://github.com/NVIDIA/cutlass/tree/v3.5.0"),
    ("https://github.com/a/b/blob/dev/README.md", "https://github.com/a/b/blob/dev/README.md"),
    ("https://github.com/a/b/blob/main/x.cu?plain=1", "https://github.com/a/b/blob/main/x.cu"),
    ("https://github.com/a/b/issues?q=is%3Aopen&tab=x", "https://github.com/a/b/issues?q=is:open"),
    # --- ports and hash routes (issue 23): a port is no evidence of https; `#/…` and `#!…` are pages ------
    ("http://example.com:8080/notes/1", "http://example.com:8080/notes/1"),
    ("HTTP://Example.com:8080/notes/1/", "http://example.com:8080/notes/1"),
    ("http://example.com:443/x", "https://example.com/x"),
    ("https://example.com/app/#/models/qwen", "https://example.com/app#/models/qwen"),
    ("https://example.com/#/models/qwen?tab=2", "https://example.com/#/models/qwen?tab=2"),
    ("https://example.com#!/post/7", "https://example.com/#!/post/7"),
    ("https://example.com/#/a b/%e4%b8%ad", "https://example.com/#/a%20b/%E4%B8%AD"),
    ("https://example.com/doc#section-2", "https://example.com/doc"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_table(url: str, expected: str) -> None:
    assert canonical(url) == expected


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_is_a_fixed_point(url: str, expected: str) -> None:
    assert canonical(expected) == expected


def test_every_host_rule_has_a_case() -> None:
    hosts = {urlsplit(url).hostname for url, _ in CASES}
    missing = set(HOST_RULES) - hosts
    assert not missing, f"HOST_RULES rows without a test case: {sorted(missing)}"


def test_wechat_biz_encoded_and_decoded_are_one_article() -> None:
    encoded = "https://mp.weixin.qq.com/s?__biz=MzI4MDYzNzg4Mw%3D%3D&mid=2247&idx=1&sn=f00d"
    decoded = "https://mp.weixin.qq.com/s?__biz=MzI4MDYzNzg4Mw==&mid=2247&idx=1&sn=f00d"
    assert canonical(encoded) == canonical(decoded)


def test_wechat_distinct_articles_stay_distinct() -> None:
    one = "https://mp.weixin.qq.com/s?__biz=MzA=&mid=1&idx=1&sn=a"
    two = "https://mp.weixin.qq.com/s?__biz=MzA=&mid=1&idx=2&sn=b"
    assert canonical(one) != canonical(two)
    # Short ids differ only in case: they are different articles.
    assert canonical("https://mp.weixin.qq.com/s/AbC") != canonical("https://mp.weixin.qq.com/s/abc")


def test_path_case_is_never_changed() -> None:
    assert canonical("https://mp.weixin.qq.com/s/jnQjMDbSV2L9OzA7rFWAUA").endswith("/s/jnQjMDbSV2L9OzA7rFWAUA")
    assert "BV1aB4y1c7D8" in canonical("https://www.bilibili.com/video/BV1aB4y1c7D8")
    assert canonical("https://www.bilibili.com/video/BV1aB4y1c7D8") != canonical("https://www.bilibili.com/video/bv1ab4y1c7d8")


def test_arxiv_forms_are_one_article() -> None:
    forms = [
        "https://arxiv.org/abs/2106.09685",
        "https://arxiv.org/abs/2106.09685v2",
        "https://arxiv.org/pdf/2106.09685",
        "https://arxiv.org/pdf/2106.09685v2",
        "https://arxiv.org/pdf/2106.09685.pdf",
        "http://arxiv.org/pdf/2106.09685v1.pdf",
    ]
    assert {canonical(u) for u in forms} == {"https://arxiv.org/abs/2106.09685"}


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://ftp.example.com/pub/paper.pdf",
        "mailto:someone@example.com",
        "//example.com/no-scheme",
        "relative/path.md",
        "https://",
    ],
)
def test_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(UrlError):
        canonical(url)


# --- hosts, ports and escapes (issue 12, item 7) ----------------------------------------------

# Pairs of forms of one URL, each given as its canonical form: the expected hosts are the IDNA
# A-labels published for these names (RFC 3492 examples and the registry's own test names).
SAME_URL: list[tuple[str, str]] = [
    ("https://ｅｘａｍｐｌｅ.com/x", "https://example.com/x"),  # full-width letters
    ("https://ＥＸＡＭＰＬＥ．ｃｏｍ/x", "https://example.com/x"),  # full-width capitals and full stop
    ("https://example。com/x", "https://example.com/x"),  # ideographic full stop
    ("https://例子.测试/x", "https://xn--fsqu00a.xn--0zwm56d/x"),
    ("https://XN--FSQU00A.xn--0zwm56d/x", "https://xn--fsqu00a.xn--0zwm56d/x"),
    ("https://Bücher.example/a", "https://xn--bcher-kva.example/a"),
    ("https://exa%6dple.com/x", "https://example.com/x"),  # an escaped letter in the host
    ("https://example.com/%61", "https://example.com/a"),  # an escaped unreserved character in the path
    ("https://example.com/%7euser/%2D%2e%5F%30", "https://example.com/~user/-._0"),
    ("https://example.com/a%2fb%3f", "https://example.com/a%2Fb%3F"),  # reserved characters stay escaped
    ("https://example.com/%e4%b8%ad", "https://example.com/%E4%B8%AD"),
    ("https://example.com/中", "https://example.com/%E4%B8%AD"),
    ("https://example.com/100%", "https://example.com/100%25"),  # a % that starts no escape
    ("https://example.com:443/x", "https://example.com/x"),
    ("http://example.com:80/x", "https://example.com/x"),
    ("https://example.com:8443/x/", "https://example.com:8443/x"),
    ("https://[::1]/x", "https://[::1]/x"),
    ("https://[0:0:0:0:0:0:0:1]:8080/x", "https://[::1]:8080/x"),
    ("https://www.%7Ahihu.com/question/5", "https://www.zhihu.com/question/5"),  # host rules see the decoded host
    ("https://zhuanlan.zhihu.com/%70/599150009", "https://zhuanlan.zhihu.com/p/599150009"),  # and the decoded path
]


@pytest.mark.parametrize(("url", "expected"), SAME_URL)
def test_hosts_and_escapes_are_normalised(url: str, expected: str) -> None:
    assert canonical(url) == expected
    assert canonical(expected) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.com:99999/x", "端口号无效"),
        ("https://example.com:-1/x", "端口号无效"),
        ("https://example.com:0/x", "端口号无效"),
        ("https://example.com:8o/x", "端口号无效"),
        ("https://./x", "缺少主机名"),
        ("https://%20/x", "主机名 “%20” 无效"),
        ("https://a b.com/x", "无效"),
        ("https://a..b.com/x", "无效"),
        ("https://exa%2Fmple.com/x", "无效"),
        ("https://☃.net/x", "不是有效的域名"),
        ("https://[::1%25eth0]/x", "不是有效的 IPv6 地址"),
        ("https://[v1.x]/x", "IPv6"),
        ("https://[::1/x", "无法解析"),
        ("https://a\uff0fb.com/x", "无法解析"),  # a full-width solidus: NFKC makes it a "/"
    ],
)
def test_bad_hosts_and_ports_are_refused_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(UrlError, match=message):
        canonical(url)
    with pytest.raises(UrlError, match=message):
        split_checked(url)


# --- idempotence over generated URLs ---------------------------------------------------------

_HOSTS = st.sampled_from(
    [*HOST_RULES, "example.com", "Example.COM", "github.com", "blog.csdn.net", "lilianweng.github.io"]
)
_SEGMENT = st.text(
    alphabet=st.sampled_from("abcXYZ019-_.~%:@!$&'()*+,;=中文 "),
    min_size=0,
    max_size=8,
)
_KEYS = st.sampled_from(
    ["__biz", "mid", "idx", "sn", "chksm", "p", "utm_source", "spm_id_from", "vd_source", "share_token",
     "source_id", "id", "page", "Q", "a b"]
)
_VALUES = st.text(alphabet=st.sampled_from("aZ09=+/%&?# -_中"), max_size=6)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    host = draw(_HOSTS)
    shape = draw(st.sampled_from(["free", "tardis", "arxiv", "wechat-short"]))
    if shape == "tardis":
        path = f"/tardis/{draw(st.sampled_from(['zm', 'bd']))}/art/{draw(st.integers(1, 10**9))}"
    elif shape == "arxiv":
        path = f"/{draw(st.sampled_from(['abs', 'pdf']))}/2305.{draw(st.integers(1000, 99999))}"
        path += draw(st.sampled_from(["", "v1", "v12"])) + draw(st.sampled_from(["", ".pdf", "/"]))
    elif shape == "wechat-short":
        path = "/s/" + draw(st.text(alphabet=st.sampled_from("aZ09_-"), min_size=1, max_size=10))
    else:
        path = "/" + "/".join(draw(st.lists(_SEGMENT, max_size=4)))
    pairs = draw(st.lists(st.tuples(_KEYS, _VALUES), max_size=5))
    query = "&".join(f"{k}={v}" for k, v in pairs)
    fragment = draw(st.sampled_from(["", "#x", "#wechat_redirect", "#/r", "#!/a b%", "#/%7e"]))
    port = draw(st.sampled_from(["", "", ":80", ":8080"]))
    return f"{scheme}://{host}{port}{path}" + (f"?{query}" if query else "") + fragment


@settings(max_examples=400, deadline=None)
@given(urls())
def test_canonical_is_idempotent(url: str) -> None:
    once = canonical(url)
    assert canonical(once) == once
    assert once.startswith("https://") or once.startswith("http://") and urlsplit(once).port == 8080
    assert urlsplit(once).fragment[:1] in ("", "/", "!")
    assert not urlsplit(once).path.endswith("/") or urlsplit(once).path == "/" and urlsplit(once).fragment


# --- the quick paths: a plain URL is judged and split without urlsplit -------------------------

_URLISH = st.lists(
    st.sampled_from([*"hHtTpPsS:/[]@.#?%&=aZ0 -_~5中", "\t", "\n", "\r", "\x00", "\u3000", "\u212a", "\u017f", "\u0130",
                     "https://", "http://", "HTTP://", "a@", ":80", "[::1]", "xn--", "a.com", "/p/1"]),
    max_size=12,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(urls(), _URLISH))
def test_plain_urls_split_as_urlsplit_splits_them(url: str) -> None:
    stripped = url.strip()
    if not plainly_http(stripped):
        return
    assert split_checked(url) == (urlsplit(stripped).scheme, urlsplit(stripped).hostname.removesuffix("."))
    plain = PLAIN_URL.fullmatch(stripped)
    parts = urlsplit(stripped)
    assert (plain["host"].lower(), plain["path"] or "", plain["query"] or "") == (parts.hostname, parts.path, parts.query)
    assert parts.port is None


@pytest.mark.parametrize("url", ["httpſ://x.com/", "https://\u212a.com/", "https://İ.com/", "https://a@/x", "https://a:1/x",
                                 "https://a\n.com/", "https://[::1]/", " http://a.com/x"])
def test_unusual_urls_take_the_full_path(url: str) -> None:
    assert not plainly_http(url)


# --- the quick path for a URL already in canonical form --------------------------------------

@settings(max_examples=1500, deadline=None)
@given(st.one_of(urls(), _URLISH, urls().map(canonical)))
def test_a_url_taken_as_canonical_is_what_rebuilding_gives(url: str) -> None:
    if already_canonical(url):
        assert rebuilt(url) == url


def test_the_catalogues_urls_take_the_quick_path(repo_root: Path) -> None:
    urls_ = [e.link.url for e in load(repo_root / "data" / "links.yaml")[0].entries]
    assert sum(map(already_canonical, urls_)) / len(urls_) > 0.9
