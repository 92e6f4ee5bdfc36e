"""lan-crawler: an archive crawler for the news of Lembaga Administrasi Negara (lan.go.id)."""

__version__ = "0.1.0"
