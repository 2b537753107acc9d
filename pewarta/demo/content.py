"""Original Indonesian demo content for `pewarta demo`. Every name and event is invented."""

CONTRIBUTORS = [
    {"key": "sari", "pen_name": "Sari Wulandari", "email": "sari.wulandari@example.id",
     "affiliation": "Guru SD di Sleman", "bio": "Menulis tentang pendidikan dan kehidupan kampung."},
    {"key": "bayu", "pen_name": "Bayu Prasetyo", "email": "bayu.prasetyo@example.id",
     "affiliation": "Mahasiswa teknik sipil", "bio": "Tertarik pada transportasi publik dan kota."},
    {"key": "nur", "pen_name": "Nur Aisyah", "email": "nur.aisyah@example.id",
     "affiliation": "Pegiat literasi", "bio": "Mengelola taman baca di pesisir Lamongan."},
    {"key": "dimas", "pen_name": "Dimas Arya", "email": "dimas.arya@example.id",
     "affiliation": "Petani kopi", "bio": "Menanam kopi di lereng Gunung Ijen."},
    {"key": "humas", "pen_name": "Humas Dinas Perhubungan Kota Tirtamulya",
     "email": "humas@dishub-tirtamulya.example.id", "affiliation": "Dinas Perhubungan",
     "bio": "Akun resmi hubungan masyarakat.", "organization": "dishub"},
]  # fmt: skip

ORGANIZATION = {
    "key": "dishub",
    "name": "Dinas Perhubungan Kota Tirtamulya",
    "slug": "dishub-tirtamulya",
    "email_domain": "dishub-tirtamulya.example.id",
}

EDITORS = [
    {
        "username": "rina",
        "first_name": "Rina",
        "last_name": "Kartika",
        "role": "senior_editor",
        "email": "rina@redaksi.example.id",
    },
    {
        "username": "hendra",
        "first_name": "Hendra",
        "last_name": "Saputra",
        "role": "editor",
        "email": "hendra@redaksi.example.id",
    },
]

STORIES = [
    {
        "key": "banjir",
        "kind": "berita",
        "author": "sari",
        "dateline": "Sleman",
        "days_ago": 1,
        "headline": "Warga Bergotong Royong Bersihkan Saluran Air Menjelang Musim Hujan",
        "lead": "Sekitar delapan puluh warga tiga dusun turun ke parit dan gorong-gorong pada "
        "Minggu pagi agar banjir tahun lalu tidak terulang.",
        "tags": ["Lingkungan", "Gotong Royong"],
        "paragraphs": [
            "Warga tiga dusun di pinggir Kali Kuning membersihkan saluran air secara bersama-sama "
            "pada Minggu pagi. Mereka mengangkat sampah plastik, lumpur, dan ranting yang menyumbat "
            "gorong-gorong di sepanjang jalan desa.",
            "Kepala dusun, Pak Wagiman, mengatakan kegiatan ini digelar karena tahun lalu air "
            'sempat masuk ke rumah warga setinggi betis. "Kami tidak mau menunggu bantuan. Kalau '
            'salurannya bersih, air hujan bisa mengalir lancar," ujarnya.',
            "Ibu-ibu PKK menyiapkan nasi bungkus dan teh hangat untuk para relawan. Sampah yang "
            "terkumpul, sekitar dua bak truk, diangkut ke tempat pembuangan sementara oleh "
            "petugas kebersihan kecamatan.",
            "Warga berencana mengulang kerja bakti setiap bulan selama musim hujan.",
        ],
    },
    {
        "key": "bus",
        "kind": "opini",
        "author": "bayu",
        "dateline": "",
        "days_ago": 2,
        "headline": "Bus Kota Kita Butuh Halte yang Layak, Bukan Sekadar Papan Nama",
        "lead": "Penumpang bus kota masih menunggu di bawah terik matahari. Halte yang layak "
        "adalah syarat dasar agar orang mau meninggalkan kendaraan pribadi.",
        "tags": ["Transportasi", "Kota"],
        "paragraphs": [
            "Setiap pagi saya menunggu bus di sebuah titik yang hanya ditandai papan nama berkarat. "
            "Tidak ada atap, tidak ada bangku, dan trotoarnya sempit. Saat hujan, kami berteduh di "
            "emperan toko yang belum buka.",
            "Pemerintah kota sudah menambah armada bus, dan itu patut diapresiasi. Namun orang "
            "memilih moda transportasi berdasarkan seluruh perjalanan, dari pintu rumah sampai "
            "tujuan. Menunggu lima belas menit di tempat yang tidak nyaman terasa jauh lebih lama.",
            "Halte yang layak tidak harus mahal. Atap sederhana, bangku, penerangan, dan "
            "informasi jadwal yang jujur sudah cukup untuk memulai.",
            "Jika kota ingin mengurangi kemacetan, mulailah dari tempat orang berdiri menunggu.",
        ],
    },
    {
        "key": "literasi",
        "kind": "esai",
        "author": "nur",
        "dateline": "",
        "days_ago": 3,
        "headline": "Taman Baca di Ujung Dermaga",
        "lead": "Anak-anak nelayan datang setelah membantu orang tua menjemur ikan. Buku-buku "
        "bekas menjadi jendela mereka ke dunia di luar kampung.",
        "tags": ["Literasi", "Pendidikan"],
        "paragraphs": [
            "Taman baca kami hanya sebuah gubuk bambu di ujung dermaga. Lantainya papan, atapnya "
            "seng bekas, dan raknya dibuat dari peti ikan yang sudah dicuci bersih.",
            "Setiap sore, belasan anak datang dengan kaki masih berpasir. Ada yang langsung "
            "mengambil komik, ada yang minta dibacakan dongeng, ada pula yang hanya ingin "
            "menggambar perahu di buku tulis.",
            "Saya belajar bahwa minat baca tidak lahir dari ceramah. Ia tumbuh dari kebiasaan "
            "kecil: buku yang mudah dijangkau, orang dewasa yang mau mendengarkan, dan waktu "
            "luang yang tidak dirampas pekerjaan.",
            "Kami masih kekurangan buku cerita bergambar dalam bahasa Indonesia. Namun setiap "
            "anak yang pulang sambil menenteng buku pinjaman adalah alasan untuk terus membuka "
            "pintu gubuk ini.",
        ],
    },
    {
        "key": "kopi",
        "kind": "berita",
        "author": "dimas",
        "dateline": "Bondowoso",
        "days_ago": 4,
        "headline": "Petani Kopi Lereng Ijen Mulai Panen Raya dengan Harga Lebih Baik",
        "lead": "Harga ceri kopi merah di tingkat petani naik dibanding musim lalu, tetapi "
        "petani mengeluhkan kekurangan tenaga petik.",
        "tags": ["Pertanian", "Kopi"],
        "paragraphs": [
            "Petani kopi arabika di lereng Gunung Ijen memasuki masa panen raya. Ceri kopi merah "
            "dipetik satu per satu agar mutu biji tetap terjaga.",
            "Menurut sejumlah petani, harga ceri merah di tingkat kebun naik cukup berarti "
            "dibanding musim lalu. Kenaikan itu didorong permintaan kedai kopi lokal yang terus "
            "bertambah.",
            "Meski begitu, tenaga petik sulit dicari karena banyak pemuda desa bekerja di kota. "
            "Beberapa kelompok tani kini menggilir anggotanya untuk memanen kebun secara bergantian.",
        ],
    },
    {
        "key": "sekolah",
        "kind": "kolom",
        "author": "sari",
        "dateline": "",
        "days_ago": 5,
        "headline": "Catatan Guru: Murid Kita Tidak Malas, Mereka Lelah",
        "lead": "Banyak murid datang ke sekolah setelah bekerja sejak subuh. Sebelum menilai, "
        "kita perlu tahu pagi seperti apa yang mereka lalui.",
        "tags": ["Pendidikan"],
        "paragraphs": [
            "Seorang murid kelas lima sering tertidur di jam pelajaran kedua. Awalnya saya menegurnya. "
            "Belakangan saya tahu ia membantu ibunya berjualan sayur di pasar sejak pukul empat pagi.",
            "Cerita seperti ini tidak jarang. Di balik nilai yang turun, sering ada beban yang tidak "
            "terlihat dari meja guru.",
            "Sekolah bisa membantu dengan hal sederhana: sarapan bersama, jadwal yang lebih "
            "manusiawi, dan guru yang bertanya sebelum menghukum.",
        ],
    },
    {
        "key": "pasar",
        "kind": "berita",
        "author": "bayu",
        "dateline": "Tirtamulya",
        "days_ago": 6,
        "headline": "Pasar Tradisional Tirtamulya Uji Coba Pembayaran Nontunai",
        "lead": "Puluhan pedagang kini menerima pembayaran dengan kode QR. Sebagian pembeli "
        "lanjut usia masih memilih uang tunai.",
        "tags": ["Ekonomi", "Kota"],
        "paragraphs": [
            "Sebanyak enam puluh pedagang di Pasar Tirtamulya mulai menerima pembayaran nontunai "
            "dengan kode QR sejak awal bulan.",
            "Pedagang sayur, Bu Lastri, mengaku senang karena tidak perlu lagi menyiapkan uang "
            "kembalian. Namun ia tetap menerima uang tunai karena banyak pelanggannya sudah lanjut usia.",
            "Pengelola pasar menyatakan uji coba berlangsung tiga bulan sebelum dievaluasi.",
        ],
    },
    {
        "key": "sampah",
        "kind": "opini",
        "author": "nur",
        "dateline": "",
        "days_ago": 7,
        "headline": "Memilah Sampah Dimulai dari Dapur, Bukan dari Spanduk",
        "lead": "Kampanye lingkungan sering berhenti di spanduk. Perubahan nyata terjadi ketika "
        "rumah tangga punya cara mudah memilah sampah setiap hari.",
        "tags": ["Lingkungan"],
        "paragraphs": [
            "Spanduk ajakan menjaga kebersihan terpasang di banyak sudut kampung, tetapi tempat "
            "sampah terpilah hampir tidak ada.",
            "Di rumah, kami memakai dua ember: satu untuk sisa makanan yang diolah menjadi kompos, "
            "satu untuk plastik dan kertas yang disetor ke bank sampah. Kebiasaan ini hanya "
            "butuh seminggu untuk terbentuk.",
            "Pemerintah desa bisa membantu dengan jadwal angkut terpisah. Tanpa itu, warga yang "
            "sudah memilah akan kecewa melihat sampahnya dicampur lagi di truk.",
        ],
    },
    {
        "key": "sepeda",
        "kind": "berita",
        "author": "bayu",
        "dateline": "Tirtamulya",
        "days_ago": 8,
        "headline": "Komunitas Sepeda Petakan Jalur Aman ke Sekolah",
        "lead": "Relawan bersepeda menyusuri rute pelajar dan mencatat titik rawan untuk "
        "diusulkan kepada pemerintah kota.",
        "tags": ["Transportasi", "Pendidikan"],
        "paragraphs": [
            "Komunitas sepeda setempat memetakan rute yang biasa dilalui pelajar menuju sekolah. "
            "Mereka mencatat persimpangan tanpa zebra cross, trotoar yang terputus, dan lampu "
            "jalan yang padam.",
            "Hasil pemetaan akan diserahkan dalam bentuk peta daring dan laporan tertulis.",
            "Koordinator komunitas berharap sekolah dan orang tua ikut mengisi peta itu agar "
            "datanya semakin lengkap.",
        ],
    },
    {
        "key": "bahasa",
        "kind": "esai",
        "author": "sari",
        "dateline": "",
        "days_ago": 9,
        "headline": "Bahasa Ibu yang Pelan-pelan Menghilang dari Ruang Kelas",
        "lead": "Anak-anak kini lebih fasih menyanyikan lagu berbahasa asing daripada bercakap "
        "dalam bahasa daerah orang tuanya.",
        "tags": ["Pendidikan", "Budaya"],
        "paragraphs": [
            "Di kelas saya, hanya segelintir murid yang bisa bercakap dalam bahasa daerah dengan "
            "lancar. Sebagian besar memahami, tetapi menjawab dalam bahasa Indonesia.",
            "Ini bukan salah anak-anak. Bahasa bertahan karena dipakai, dan ruang untuk memakainya "
            "semakin sempit.",
            "Sekolah bisa membuka ruang itu kembali lewat dongeng, permainan, dan lagu daerah, "
            "tanpa harus menjadikannya beban hafalan.",
        ],
    },
    {
        "key": "irigasi",
        "kind": "berita",
        "author": "dimas",
        "dateline": "Bondowoso",
        "days_ago": 10,
        "headline": "Kelompok Tani Perbaiki Saluran Irigasi dengan Dana Swadaya",
        "lead": "Saluran irigasi yang jebol sejak musim lalu kini kembali mengairi sawah "
        "berkat iuran anggota kelompok tani.",
        "tags": ["Pertanian", "Gotong Royong"],
        "paragraphs": [
            "Anggota kelompok tani mengumpulkan iuran untuk membeli semen dan pasir guna "
            "memperbaiki saluran irigasi yang jebol.",
            "Pekerjaan dilakukan bergiliran selama dua pekan. Kini air kembali mengalir ke "
            "sekitar dua puluh hektare sawah.",
            "Para petani berharap perbaikan permanen bisa masuk rencana anggaran desa tahun depan.",
        ],
    },
    {
        "key": "ruang",
        "kind": "kolom",
        "author": "bayu",
        "dateline": "",
        "days_ago": 11,
        "headline": "Kota yang Ramah Pejalan Kaki Adalah Kota yang Ramah Semua Orang",
        "lead": "Trotoar yang lebar dan rata bukan kemewahan. Ia melayani anak sekolah, lansia, "
        "penyandang disabilitas, dan pedagang kecil sekaligus.",
        "tags": ["Kota"],
        "paragraphs": [
            "Berjalan kaki di kota kita sering berarti berbagi ruang dengan sepeda motor yang "
            "naik ke trotoar. Banyak orang akhirnya memilih naik kendaraan meski jaraknya dekat.",
            "Kota yang dirancang untuk pejalan kaki memberi manfaat berlapis: udara lebih bersih, "
            "toko kecil lebih ramai, dan jalan lebih aman.",
            "Perubahan bisa dimulai dari satu koridor percontohan yang dirawat dengan serius.",
        ],
    },
    {
        "key": "posyandu",
        "kind": "berita",
        "author": "nur",
        "dateline": "Lamongan",
        "days_ago": 12,
        "headline": "Kader Posyandu Pesisir Gelar Kelas Gizi untuk Ibu Muda",
        "lead": "Kelas memasak sederhana mengenalkan menu bergizi dari ikan hasil tangkapan "
        "nelayan setempat.",
        "tags": ["Kesehatan"],
        "paragraphs": [
            "Kader posyandu di kampung nelayan menggelar kelas gizi untuk ibu muda dan ibu hamil.",
            "Peserta belajar mengolah ikan tongkol dan daun kelor menjadi makanan pendamping "
            "ASI yang murah dan bergizi.",
            "Kelas ini akan digelar setiap bulan bersamaan dengan jadwal penimbangan balita.",
        ],
    },
    {
        "key": "rilis",
        "kind": "siaran_pers",
        "author": "humas",
        "dateline": "Tirtamulya",
        "days_ago": 2,
        "headline": "Dinas Perhubungan Tirtamulya Tambah Tiga Rute Bus Pengumpan",
        "lead": "Tiga rute bus pengumpan baru menghubungkan permukiman pinggiran dengan "
        "terminal utama mulai bulan depan.",
        "tags": ["Transportasi", "Kota"],
        "paragraphs": [
            "Dinas Perhubungan Kota Tirtamulya menambah tiga rute bus pengumpan yang "
            "menghubungkan permukiman di pinggiran kota dengan terminal utama.",
            '"Penambahan rute ini menjawab masukan warga yang selama ini harus berganti '
            'angkutan dua kali untuk mencapai terminal," kata Kepala Dinas Perhubungan dalam '
            "siaran pers yang diterima redaksi.",
            "Selama bulan pertama, penumpang dapat menggunakan layanan tanpa biaya. Jadwal "
            "lengkap diumumkan di halte dan kanal informasi resmi pemerintah kota.",
        ],
    },
]

RELATED = {
    "banjir": ["irigasi", "sampah"],
    "bus": ["rilis", "sepeda"],
    "sepeda": ["ruang"],
    "rilis": ["bus"],
    "sekolah": ["bahasa"],
    "kopi": ["irigasi"],
}

# One drawn picture per story (pewarta/demo/pictures.py): its scene, and the caption shown.
PHOTO_CREDIT = "Tim Pewarta (ilustrasi)"
PHOTOS = {
    "banjir": ("village", "Warga membersihkan parit di pinggir dusun pada Minggu pagi."),
    "bus": ("street", "Penumpang menunggu bus kota di halte yang hanya beratap seng."),
    "literasi": ("coast", "Taman baca di ujung dermaga dibuka setiap sore."),
    "kopi": ("coffee", "Kebun kopi di lereng gunung menjelang panen raya."),
    "sekolah": ("school", "Murid berbaris di halaman sekolah sebelum pelajaran dimulai."),
    "pasar": ("market", "Lapak buah dan sayur di pasar tradisional Tirtamulya."),
    "sampah": ("bins", "Tempat sampah terpilah di taman kota."),
    "sepeda": ("bicycles", "Anggota komunitas bersepeda menyusuri jalur menuju sekolah."),
    "bahasa": ("books", "Rak buku cerita berbahasa daerah di perpustakaan sekolah."),
    "irigasi": ("terraces", "Saluran irigasi di antara petak sawah berundak."),
    "ruang": ("park", "Jalur pejalan kaki di taman kota pada pagi hari."),
    "posyandu": ("clinic", "Ibu-ibu antre di depan posyandu untuk kelas gizi."),
    "rilis": ("street", "Bus pengumpan melintas di jalan utama menuju terminal."),
}
