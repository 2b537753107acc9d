"""Test texts (our own writing): an older story, a piece lifting part of it, others on the
same topic that copy nothing, and a press release."""

OLDER = [
    "Hujan deras yang mengguyur sejak Sabtu malam membuat Kali Pesanggrahan meluap dan"
    " merendam sedikitnya empat ratus rumah di Kelurahan Ulujami.",
    "Ketinggian air di permukiman padat itu mencapai satu meter pada Minggu pagi, sehingga"
    " warga memindahkan barang berharga ke lantai dua.",
    "Petugas pemadam kebakaran bersama relawan kampung mengevakuasi lansia dan anak kecil"
    " menggunakan perahu karet yang dipinjam dari kecamatan.",
    "Lurah Ulujami Siti Rahmawati menyebut tanggul darurat di bantaran kali jebol sepanjang"
    " dua puluh meter akibat derasnya arus.",
    "Dapur umum didirikan di halaman sekolah dasar negeri setempat dan melayani lebih dari"
    " seribu porsi makanan setiap hari.",
    "Dinas Sumber Daya Air berjanji mengirim alat berat untuk menutup tanggul yang jebol"
    " begitu debit sungai mulai turun.",
    "Sejumlah warga mengeluhkan pompa air stasioner yang tidak menyala ketika air mulai"
    " masuk ke gang-gang sempit.",
    "Hingga Minggu sore tercatat tiga warga mengalami luka ringan karena terpeleset saat"
    " menyelamatkan harta benda mereka.",
    "Puskesmas kecamatan membuka posko kesehatan untuk memeriksa warga yang mulai terserang"
    " gatal dan diare.",
    "Warga berharap normalisasi kali yang tertunda sejak tiga tahun lalu segera dilanjutkan"
    " agar banjir serupa tidak terulang.",
]

NEW_OPENING = [
    "Saya menulis dari posko pengungsian di Ulujami, tempat saya ikut membantu sejak kemarin.",
    "Suasana di sini riuh oleh tangis bayi dan suara pengeras dari mobil relawan.",
    "Banyak tetangga saya belum tidur sejak malam karena terus berjaga di depan rumah.",
    "Saya ingin berbagi apa yang saya lihat langsung di lapangan selama dua hari ini.",
]

SAME_TOPIC = [
    "Banjir kembali melanda kawasan Cipinang Melayu setelah hujan lebat turun sepanjang"
    " malam dan air kiriman dari hulu datang lebih cepat dari perkiraan.",
    "Ratusan keluarga mengungsi ke masjid dan balai warga sementara petugas membagikan"
    " selimut serta air bersih.",
    "Camat Makasar meminta warga mewaspadai banjir susulan karena curah hujan diperkirakan"
    " masih tinggi hingga akhir pekan.",
    "Relawan mahasiswa membantu membersihkan lumpur di rumah warga lanjut usia begitu air"
    " surut pada Senin siang.",
    "Pedagang pasar tradisional mengaku merugi karena kios mereka terendam dan dagangan"
    " rusak terbawa arus.",
    "Pemerintah kota menyiapkan bantuan sembako dan layanan kesehatan keliling untuk"
    " kampung yang terdampak paling parah.",
]

PRESS_RELEASE = [
    "Kementerian Koperasi meluncurkan program pendampingan digital bagi sepuluh ribu"
    " pelaku usaha mikro di tiga puluh kabupaten mulai bulan depan.",
    "Program ini memberikan pelatihan pemasaran daring, pembukuan sederhana, dan akses"
    " pembiayaan berbunga rendah melalui bank mitra.",
    "Peserta dipilih melalui seleksi terbuka dengan mengutamakan usaha yang dikelola"
    " perempuan dan pemuda di daerah tertinggal.",
    "Pendaftaran dibuka secara daring hingga akhir bulan dan tidak dipungut biaya apa pun.",
]


def paragraphs_html(paragraphs) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def lifted_piece() -> str:
    """A new opening, then about a third of OLDER copied with rewritten joins."""
    copied = [OLDER[1], OLDER[2].replace("menggunakan", "dengan"), OLDER[3], OLDER[5]]
    return " ".join(NEW_OPENING[:2] + copied[:2] + ["Menurut pengamatan saya,"] + copied[2:])
