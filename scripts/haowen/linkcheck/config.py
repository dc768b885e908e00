"""data/check.yaml: global limits and the one table of per-host knowledge (pacing, codes, page texts)."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from haowen.catalog.status import CHECK_FILE, Archive
from haowen.io.datafile import model_of, read_yaml
from haowen.io.problems import Problem, ProblemsError
from haowen.text.safe import shorten

CONFIG_FILE = CHECK_FILE  # data/check.yaml, beside the status file
MAX_DURATION = 7 * 24 * 3600  # a week: one cycle of checks, far beyond any workflow's time limit
_DURATION = re.compile(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?")


def parse_duration(text: str) -> float:
    """Seconds in `600s`, `90m`, `2h`, `1h30m` or a bare number of seconds; ValueError (in Chinese) otherwise."""
    found = _DURATION.fullmatch(text.strip().lower())
    if not text.strip() or found is None or not any(found.groups()):
        raise ValueError(f"时长 “{shorten(text, 40)}” 应写成 600s、90m、2h 或 1h30m")
    hours, minutes, seconds = (float(g) if g else 0.0 for g in found.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if total <= 0:
        raise ValueError(f"时长 “{shorten(text, 40)}” 应大于 0")
    if not total <= MAX_DURATION:  # also infinity, from a number too long for a float
        raise ValueError(f"时长 “{shorten(text, 40)}” 太长：最多 {MAX_DURATION // 3600}h")
    return total


class ConfigError(ProblemsError):
    """check.yaml (or another input file) cannot be used."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # `'16'` or `true` is not a number


class Limits(_Strict):
    """Limits for the whole run and defaults for hosts without their own row."""

    concurrency: int = Field(16, ge=1, description="同时进行的请求总数上限")
    host_concurrency: int = Field(2, ge=1, description="每个主机同时进行的请求数上限")
    interval: float = Field(1.0, ge=0, description="同一主机两次请求之间的最短间隔（秒）")
    connect_timeout: float = Field(10.0, gt=0, description="建立连接的超时（秒）")
    timeout: float = Field(30.0, gt=0, description="单次请求（含读取正文）的总超时（秒）")
    retries: int = Field(2, ge=0, description="429、5xx、超时和连接错误的重试次数")
    backoff: float = Field(1.0, ge=0, description="第一次重试前等待的秒数，之后每次翻倍")
    max_retry_after: float = Field(120.0, ge=0, description="愿意遵守的 Retry-After 上限（秒），更长就不再重试")
    max_redirects: int = Field(10, ge=0, description="最多跟随的重定向次数")
    max_body_bytes: int = Field(1_048_576, ge=1024, description="每个页面最多读取的正文字节数")
    ttl_hours: float = Field(20.0, ge=0, description="比这更新的检查结果直接沿用，不再请求")
    user_agent: str = Field(description="请求使用的 User-Agent")
    accept: list[int] = Field(default_factory=lambda: list(range(200, 300)), description="视为正常的状态码")
    dead_codes: list[int] = Field(default_factory=lambda: [404, 410], description="视为失效的状态码")
    blocked_codes: list[int] = Field(default_factory=lambda: [401, 403, 412, 429, 521],
                                     description="视为被拦截（不是失效）的状态码")
    login_paths: list[str] = Field(default_factory=list, description="登录页路径（glob）：文章跳到这里视为失效")
    blocked_texts: list[str] = Field(default_factory=list,
                                     description="任何主机的验证页面文字：出现在短页面里（或 haowen add 抓到的标题里）即视为被拦截")


class HostRule(_Strict):
    """One row of the per-host table."""

    name: str = Field(description="规则名（报告里显示）")
    match: list[str] = Field(min_length=1, description="主机名 glob，例如 *.zhihu.com")
    concurrency: int | None = Field(None, ge=1, description="该主机同时请求数上限")
    interval: float | None = Field(None, ge=0, description="该主机两次请求之间的最短间隔（秒）")
    accept: list[int] = Field(default_factory=list, description="额外视为正常的状态码")
    max_text: int = Field(3000, ge=0, description="正文文字不超过这么长时才按下面的页面文字判断")
    dead_texts: list[str] = Field(default_factory=list, description="短页面正文里出现即视为失效")
    blocked_texts: list[str] = Field(default_factory=list, description="短页面正文、源码或最终地址里出现即视为被拦截")
    published_patterns: list[str] = Field(default_factory=list, description="页面源码里发表时间的正则（一个分组："
                                          "纪元秒或 ISO 日期），标准标签里没有时才用")
    author_patterns: list[str] = Field(default_factory=list, description="页面源码里作者名的正则（一个分组），"
                                       "标准标签里没有时才用")

    @field_validator("published_patterns", "author_patterns")
    @classmethod
    def _one_group(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                groups = re.compile(pattern).groups
            except re.error as exc:
                raise ValueError(f"正则 “{pattern}” 写错了：{exc}") from None
            if groups != 1:
                raise ValueError(f"正则 “{pattern}” 应恰好有一个分组（括号），现在有 {groups} 个")
        return patterns

    def matches(self, host: str) -> bool:
        return any(fnmatch.fnmatchcase(host, pat) for pat in self.match)


class Schedule(_Strict):
    """Rolling, time-budgeted checks: what `--budget` plans and how progress is saved."""

    budget: str = Field("90m", description="--budget 不写时长时用的预算，例如 600s、90m、2h")
    cycle_days: float = Field(7.0, gt=0, description="每个链接至少每隔这么多天检查一次（一个周期）")
    runs_per_day: float = Field(1.0, gt=0, description="每天运行几次带预算的检查（工作流的频率），用来判断周期能否完成")
    latency: float = Field(1.5, gt=0, description="估计一次请求需要的秒数，用来按节奏估算每个主机的用时")
    grace: float = Field(15.0, ge=0, description="预算用完后，进行中的请求最多再等这么多秒")
    save_every: float = Field(10.0, gt=0, description="检查过程中每隔这么多秒保存一次状态文件")

    @field_validator("budget")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value


class Metadata(_Strict):
    """What `--propose-metadata` refuses as an author."""

    generic_authors: list[str] = Field(default_factory=list, description="不算作者名的通用值（网站名、admin、佚名……）")
    max_author: int = Field(80, ge=1, description="作者名最长的字数，更长的不采用")


class CheckConfig(_Strict):
    """data/check.yaml"""

    limits: Limits
    archive: Archive = Field(default_factory=Archive)
    schedule: Schedule = Field(default_factory=Schedule)
    metadata: Metadata = Field(default_factory=Metadata)
    excludes: list[str] = Field(default_factory=list, description="不检查的链接（glob）")
    host_aliases: dict[str, str] = Field(default_factory=dict,
                                         description="主机（可带端口）→ 按哪个主机套用规则，测试用")
    hosts: list[HostRule] = Field(default_factory=list)

    def rule_for(self, host: str, port: int | None = None) -> HostRule | None:
        """The first row matching `host` (after aliases, which may name a port), or None."""
        name = self.host_aliases.get(f"{host}:{port}") or self.host_aliases.get(host) or host
        return next((r for r in self.hosts if r.matches(name.lower())), None)

    def blocked_texts(self, host: str, port: int | None = None) -> list[str]:
        """The texts that mark a verification page at `host`: its row's, then those of every host."""
        rule = self.rule_for(host, port)
        return [*(rule.blocked_texts if rule else []), *self.limits.blocked_texts]

    def excluded(self, url: str) -> bool:
        return any(fnmatch.fnmatchcase(url, pat) for pat in self.excludes)


def config_problems(path: Path) -> list[Problem]:
    """What is wrong with check.yaml at `path` (nothing when it is fine or absent), for `haowen validate`."""
    if not path.exists():
        return []
    try:
        load_config(path)
    except ConfigError as exc:
        return exc.problems
    return []


def load_config(path: Path) -> CheckConfig:
    """Read and validate check.yaml, raising ConfigError with `file:line:col` problems."""
    problems: list[Problem] = []
    doc, _ = read_yaml(path, problems, missing="找不到检查配置文件：用 --config 指定 check.yaml")
    config = model_of(doc, CheckConfig, problems, empty={}) if not problems else None  # YAML first
    if config is None:
        raise ConfigError(sorted(problems))
    return config
