"""Project settings a user relies on without reading them."""

from scrapy.utils.project import get_project_settings


def test_nothing_listens_for_remote_commands(monkeypatch):
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "newscrawler.settings")
    settings = get_project_settings()
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("ROBOTSTXT_OBEY") is True
