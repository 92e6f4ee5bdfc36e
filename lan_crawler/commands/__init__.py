"""Scrapy commands of the project (COMMANDS_MODULE): `crawl` with exit codes that mean something."""
