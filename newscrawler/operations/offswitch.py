"""An add-on that takes Scrapy's extensions turned off by their setting out of its base
list (`EXTENSIONS_BASE`). Scrapy imports every extension listed there or in `EXTENSIONS`,
even one set to None, before the extension reads the setting that turns it off; the remote
control's module loads aiohttp, 0.1 s of every crawl's start. Turned on (`-s
REMOTE_CONTROL_ENABLED=True`), an extension stays listed and works as in Scrapy."""

from __future__ import annotations

from scrapy.settings import Settings

# Extension -> the setting that turns it on.
SWITCHED_BY = {
    "scrapy.extensions.telnet.TelnetConsole": "TELNETCONSOLE_ENABLED",
    "scrapy.extensions.remote_control.RemoteControl": "REMOTE_CONTROL_ENABLED",
}


class OffExtensionsUnlisted:
    def update_settings(self, settings: Settings) -> None:
        base = settings.getdict("EXTENSIONS_BASE")
        off = {path for path, switch in SWITCHED_BY.items() if not settings.getbool(switch)}
        if off & base.keys():
            listed = {path: order for path, order in base.items() if path not in off}
            settings.set("EXTENSIONS_BASE", listed, priority="addon")
