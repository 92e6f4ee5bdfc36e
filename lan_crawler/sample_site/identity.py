"""Who a sample site is: the WordPress install it imitates, declared once per site.

The LAN family is several WordPress installs: lan.go.id, its polytechnic
(stialan.ac.id), partner regencies (lombokutarakab.go.id). Each has its own
name and tagline (`bloginfo()`), theme, permalink setup, posts, category term
ids, time zone and the chrome its templates print. Templates and surfaces read
every such fact from the site's `SiteIdentity`, nothing from constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, timezone
from functools import cached_property
from pathlib import Path

from lan_crawler.sample_site.posts import CATEGORIES, POSTS_DIR, WIB, Post, load_posts

FAMILY_DIR = Path(__file__).parent / "family"
WITA = timezone(timedelta(hours=8))  # Asia/Makassar


@dataclass(frozen=True)
class StaticPage:
    id: int
    title: str
    paragraphs: tuple[str, ...]
    parent: int | None = None


@dataclass(frozen=True)
class SiteIdentity:
    """One WordPress install of the family, as the sample site serves it."""

    host: str  # the host it imitates: "lan.go.id"
    loopback: str  # the address the family serves it on: "127.0.0.1"
    name: str  # bloginfo('name'): titles, headers, feeds, REST, Yoast's graph
    tagline: str  # bloginfo('description')
    template: str  # how single posts are rendered (a key of site.THEMES, or "mixed")
    setup: str  # a key of site.SETUPS
    posts_dir: Path
    categories: tuple[tuple[str, int], ...]  # (name, term id), in menu order
    tz: timezone  # Settings > General > Timezone: post times are local to it
    # static pages; the menus link ids 2 (profile, parent of the rest), 14, 20 and 22
    pages: tuple[StaticPage, ...]
    address: str
    phone: str
    email: str
    service_hours: str  # the footer's "Jam Layanan" widget, as printed (entities included)
    cookie_notice: str  # the Cookie Notice plugin's text
    logo: str  # path of the custom logo under the site
    favicon: str  # path of the 32x32 site icon
    facebook: str  # Yoast's Organization sameAs and article:publisher
    social: tuple[tuple[str, str, str, str], ...]  # OceanWP top bar: (network, label, icon, URL)
    links: tuple[tuple[str, str], ...]  # the sidebar's "Tautan Instansi": (label, URL)
    services_url: str  # the menu's "Layanan"
    author: str  # the one author user (id 2): display name
    author_slug: str  # its user_nicename: /author/<slug>/
    photo_credit: str  # what classic-era editors typed under photos
    source_box: tuple[str, str]  # a plugin's "Sumber:" box: (label, URL)
    copyright_year: int = 2024

    @cached_property
    def category_ids(self) -> dict[str, int]:
        return dict(self.categories)

    def posts(self) -> tuple[Post, ...]:
        """The site's posts, newest first, their times in the site's zone."""
        return load_posts(self.posts_dir, self.tz)


_LAN_PAGES = (
    StaticPage(
        2,
        "Profil",
        (
            "Lembaga Administrasi Negara adalah lembaga pemerintah nonkementerian yang bertugas "
            "melaksanakan pengkajian dan pendidikan serta pelatihan aparatur sipil negara.",
        ),
    ),
    StaticPage(
        14,
        "Sejarah",
        (
            "Lembaga ini berdiri pada 1957 dan sejak itu terus menyesuaikan peran dengan kebutuhan "
            "birokrasi Indonesia.",
        ),
        parent=2,
    ),
    StaticPage(
        16,
        "Visi dan Misi",
        (
            "Visi: menjadi lembaga pembina administrasi negara yang unggul.",
            "Misi: menyelenggarakan kajian, pengembangan kompetensi, dan pendidikan tinggi terapan.",
        ),
        parent=2,
    ),
    StaticPage(
        18,
        "Struktur Organisasi",
        ("Struktur organisasi terdiri atas Kepala, Sekretariat Utama, dan empat Kedeputian.",),
        parent=2,
    ),
    StaticPage(
        20,
        "PPID",
        (
            "Pejabat Pengelola Informasi dan Dokumentasi melayani permohonan informasi publik "
            "pada hari kerja.",
        ),
    ),
    StaticPage(
        22,
        "Kontak",
        ("Alamat: Jl. Veteran No. 10, Gambir, Jakarta Pusat 10110. Telp. (021) 3868201-05.",),
    ),
)

LAN = SiteIdentity(
    host="lan.go.id",
    loopback="127.0.0.1",
    name="Lembaga Administrasi Negara",
    tagline="Membangun Administrasi Negara yang Unggul",
    template="oceanwp",
    setup="plain-core",
    posts_dir=POSTS_DIR,
    categories=tuple(CATEGORIES.items()),
    tz=WIB,
    pages=_LAN_PAGES,
    address="Jl. Veteran No. 10, Gambir, Jakarta Pusat 10110",
    phone="Telp. (021) 3868201-05",
    email="humas@lan.go.id",
    service_hours="Senin &#8211; Jumat, 08.00 &#8211; 16.00 WIB",
    cookie_notice="Kami menggunakan cookie untuk memberikan pengalaman terbaik di situs web kami.",
    logo="wp-content/uploads/2020/06/logo-lan.png",
    favicon="wp-content/uploads/2020/06/cropped-logo-lan-32x32.png",
    facebook="https://www.facebook.com/LembagaAdministrasiNegara",
    social=(
        ("twitter", "X", "fab fa-x-twitter", "https://twitter.com/LAN_RI"),
        (
            "instagram",
            "Instagram",
            "fab fa-instagram",
            "https://www.instagram.com/lembagaadministrasinegara/",
        ),
        ("youtube", "Youtube", "fab fa-youtube", "https://www.youtube.com/@LANRI"),
    ),
    links=(
        ("Kementerian PANRB", "https://www.menpan.go.id/"),
        ("Badan Kepegawaian Negara", "https://www.bkn.go.id/"),
        ("Politeknik STIA LAN", "https://stialan.ac.id/"),
    ),
    services_url="https://sipka.lan.go.id/",
    author="Humas LAN",
    author_slug="humas-lan",
    photo_credit="Humas LAN",
    source_box=("Biro Hukum dan Humas LAN", "https://lan.go.id/"),
)

STIALAN = SiteIdentity(
    host="stialan.ac.id",
    loopback="127.0.0.2",
    name="Politeknik STIA LAN Jakarta",
    tagline="Kampus Administrasi Publik Terapan",
    template="block-theme",
    setup="pretty-yoast",
    posts_dir=FAMILY_DIR / "stialan",
    categories=(
        ("Berita", 4),
        ("Akademik", 6),
        ("Kemahasiswaan", 8),
        ("Penelitian dan Pengabdian", 10),
        ("Kerja Sama", 12),
    ),
    tz=WIB,
    pages=(
        StaticPage(
            2,
            "Tentang Kampus",
            (
                "Politeknik STIA LAN Jakarta adalah perguruan tinggi vokasi di bawah Lembaga "
                "Administrasi Negara yang menyelenggarakan pendidikan administrasi publik terapan.",
            ),
        ),
        StaticPage(
            14,
            "Sejarah Kampus",
            ("Kampus ini tumbuh dari sekolah tinggi ilmu administrasi yang dibina LAN.",),
            parent=2,
        ),
        StaticPage(
            16,
            "Program Studi",
            ("Program sarjana terapan dan magister terapan di bidang administrasi publik.",),
            parent=2,
        ),
        StaticPage(18, "Pimpinan", ("Direktur dibantu para wakil direktur.",), parent=2),
        StaticPage(20, "PPID Kampus", ("Permohonan informasi publik dilayani di kampus.",)),
        StaticPage(
            22,
            "Kontak",
            (
                "Alamat: Jl. Administrasi II, Pejompongan, Jakarta Pusat 10260. Telp. (021) 5736456.",
            ),
        ),
    ),
    address="Jl. Administrasi II, Pejompongan, Jakarta Pusat 10260",
    phone="Telp. (021) 5736456",
    email="humas@stialan.ac.id",
    service_hours="Senin &#8211; Jumat, 07.30 &#8211; 16.00 WIB",
    cookie_notice="Situs kampus ini memakai cookie agar kunjungan Anda lebih nyaman.",
    logo="wp-content/uploads/2022/08/logo-polstialan.png",
    favicon="wp-content/uploads/2022/08/cropped-logo-polstialan-32x32.png",
    facebook="https://www.facebook.com/polstialanjakarta",
    social=(
        ("instagram", "Instagram", "fab fa-instagram", "https://www.instagram.com/polstialan/"),
        ("youtube", "Youtube", "fab fa-youtube", "https://www.youtube.com/@polstialan"),
    ),
    links=(
        ("Lembaga Administrasi Negara", "https://lan.go.id/"),
        ("PMB Politeknik STIA LAN", "https://pmb.stialan.ac.id/"),
    ),
    services_url="https://siakad.stialan.ac.id/",
    author="Humas Politeknik STIA LAN",
    author_slug="humas-polstialan",
    photo_credit="Humas Politeknik STIA LAN",
    source_box=("Humas Politeknik STIA LAN Jakarta", "https://stialan.ac.id/"),
    copyright_year=2025,
)

LOMBOK_UTARA = SiteIdentity(
    host="lombokutarakab.go.id",
    loopback="127.0.0.3",
    name="Pemerintah Kabupaten Lombok Utara",
    tagline="Tioq, Tata, Tunaq",
    template="elementor",
    setup="plain-core",
    posts_dir=FAMILY_DIR / "lombokutara",
    categories=(
        ("Berita", 2),
        ("Pelayanan Publik", 15),
        ("Inovasi Daerah", 17),
        ("Pariwisata", 19),
        ("Pemulihan Pascagempa", 23),
        ("Pengembangan SDM Aparatur", 25),
    ),
    tz=WITA,
    pages=(
        StaticPage(
            2,
            "Profil Daerah",
            (
                "Kabupaten Lombok Utara berdiri pada 2008 dan beribu kota di Tanjung, di pesisir "
                "utara Pulau Lombok.",
            ),
        ),
        StaticPage(
            14, "Sejarah", ("Lombok Utara dimekarkan dari Kabupaten Lombok Barat.",), parent=2
        ),
        StaticPage(
            16, "Visi dan Misi", ("Visi daerah ditetapkan dalam RPJMD lima tahunan.",), parent=2
        ),
        StaticPage(18, "Perangkat Daerah", ("Daftar dinas, badan dan kecamatan.",), parent=2),
        StaticPage(20, "PPID", ("Layanan informasi publik Pemerintah Kabupaten Lombok Utara.",)),
        StaticPage(
            22,
            "Kontak",
            ("Alamat: Jl. Tioq Tata Tunaq, Tanjung, Lombok Utara 83352. Telp. (0370) 6125001.",),
        ),
    ),
    address="Jl. Tioq Tata Tunaq, Tanjung, Lombok Utara 83352",
    phone="Telp. (0370) 6125001",
    email="diskominfo@lombokutarakab.go.id",
    service_hours="Senin &#8211; Jumat, 08.00 &#8211; 16.00 WITA",
    cookie_notice="Laman ini menyimpan cookie untuk keperluan statistik kunjungan.",
    logo="wp-content/uploads/2023/01/logo-klu.png",
    favicon="wp-content/uploads/2023/01/cropped-logo-klu-32x32.png",
    facebook="https://www.facebook.com/diskominfoklu",
    social=(
        ("facebook", "Facebook", "fab fa-facebook", "https://www.facebook.com/diskominfoklu"),
        ("instagram", "Instagram", "fab fa-instagram", "https://www.instagram.com/pemkab_klu/"),
    ),
    links=(
        ("Pemerintah Provinsi NTB", "https://ntbprov.go.id/"),
        ("Lembaga Administrasi Negara", "https://lan.go.id/"),
    ),
    services_url="https://mpp.lombokutarakab.go.id/",
    author="Diskominfo KLU",
    author_slug="diskominfo-klu",
    photo_credit="Diskominfo KLU",
    source_box=("Dinas Komunikasi dan Informatika KLU", "https://lombokutarakab.go.id/"),
    copyright_year=2025,
)

# every site of the family, by the host it imitates
FAMILY: dict[str, SiteIdentity] = {site.host: site for site in (LAN, STIALAN, LOMBOK_UTARA)}
