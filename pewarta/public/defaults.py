"""Starting text of the standing pages (senior editors edit them afterwards).

`[alamat-redaksi]` and `[nama-situs]` are replaced when the page is shown, so the text follows
the settings `PEWARTA_NEWSROOM_EMAIL` and `PEWARTA_SITE_NAME`.
"""

KIRIM = """
<p>[nama-situs] terbuka bagi siapa saja yang ingin mengabarkan peristiwa di sekitarnya atau
menyampaikan gagasan. Redaksi membaca setiap naskah yang masuk, menyuntingnya, dan menayangkan
yang memenuhi pedoman kami.</p>
<h2>Cara mengirim</h2>
<ol>
<li>Tulis naskah Anda: berita, opini, esai, atau kolom. Judul di baris subjek email.</li>
<li>Kirim ke <strong>[alamat-redaksi]</strong>. Naskah boleh di badan email atau sebagai
lampiran .docx. Foto dilampirkan terpisah, beserta keterangan dan nama pemotretnya.</li>
<li>Cantumkan nama lengkap, nama pena bila ada, nomor telepon yang dapat dihubungi, dan
afiliasi atau kepentingan Anda terhadap isi tulisan.</li>
<li>Anda akan menerima balasan berisi kode lacak. Balas email itu bila redaksi meminta
perbaikan.</li>
</ol>
<h2>Aturan singkat</h2>
<ul>
<li>Tulisan asli karya sendiri, belum pernah dimuat di media lain.</li>
<li>Berita ditulis berdasarkan fakta yang Anda lihat atau periksa sendiri, dengan sumber yang
jelas. Bedakan fakta dan pendapat.</li>
<li>Tidak memuat fitnah, ujaran kebencian bernuansa SARA, pornografi, atau ajakan kekerasan.</li>
<li>Identitas korban kejahatan susila dan anak yang berhadapan dengan hukum wajib disamarkan.</li>
<li>Gambar buatan kecerdasan buatan (AI) wajib disebutkan.</li>
<li>Redaksi berhak menyunting judul dan isi tanpa mengubah maksud tulisan, serta menolak naskah
yang tidak memenuhi pedoman.</li>
</ul>
"""

REDAKSI = """
<p>[nama-situs] adalah platform jurnalisme warga. Naskah ditulis oleh kontributor dan
disunting oleh redaksi sebelum tayang. Nama editor yang menyunting dicantumkan pada setiap
naskah.</p>
<h2>Kontak redaksi</h2>
<p>Naskah, pertanyaan, ralat, dan hak jawab: [alamat-redaksi].</p>
<p>Redaksi menanggapi permintaan hak jawab dan hak koreksi secepatnya, sesuai Pedoman
Pemberitaan Media Siber.</p>
"""

PEDOMAN = """
<p>Kemerdekaan berpendapat, berekspresi, dan pers adalah hak asasi manusia yang dilindungi
Pancasila, Undang-Undang Dasar 1945, dan Deklarasi Universal Hak Asasi Manusia. [nama-situs]
menjalankan Pedoman Pemberitaan Media Siber (PPMS) yang ditetapkan Dewan Pers.</p>
<h2>Verifikasi dan keberimbangan berita</h2>
<p>Setiap berita harus melalui verifikasi. Berita yang merugikan pihak lain memerlukan
verifikasi pada berita yang sama untuk memenuhi prinsip akurasi dan keberimbangan. Bila
verifikasi belum dapat dilakukan, berita diberi penjelasan bahwa berita itu masih memerlukan
verifikasi lebih lanjut, dan verifikasi dimuat pada berita pemutakhiran dengan tautan ke
berita yang belum terverifikasi.</p>
<h2>Isi buatan pengguna</h2>
<p>Pengguna wajib menyetujui aturan tentang isi yang tidak boleh dimuat: bohong, fitnah,
sadis, cabul, berprasangka dan kebencian terkait SARA, serta anjuran kekerasan. Isi yang
melanggar dapat disunting atau dihapus. Pembaca dapat mengadukan isi melalui tautan
Laporkan pada setiap naskah, dan redaksi menindaklanjuti pengaduan paling lambat 2 x 24 jam.</p>
<h2>Ralat, koreksi, dan hak jawab</h2>
<p>Ralat, koreksi, dan hak jawab ditautkan pada berita yang diralat, dikoreksi, atau diberi hak
jawab, disertai waktu pemuatannya.</p>
<h2>Pencabutan berita</h2>
<p>Berita yang sudah tayang tidak dapat dicabut karena alasan penyensoran dari pihak luar
redaksi, kecuali terkait masalah SARA, kesusilaan, masa depan anak, pengalaman traumatik
korban, atau pertimbangan khusus lain yang ditetapkan Dewan Pers. Pencabutan disertai alasan
dan diumumkan kepada publik.</p>
<h2>Iklan</h2>
<p>Berita berbayar dan advertorial diberi keterangan yang jelas sehingga pembaca dapat
membedakannya dari berita.</p>
<h2>Hak cipta</h2>
<p>[nama-situs] menghormati hak cipta sebagaimana diatur peraturan perundang-undangan.</p>
"""

SYARAT = """
<p>Dengan mengirim naskah ke [nama-situs], Anda menyatakan bahwa tulisan dan foto yang
dikirim adalah karya Anda sendiri atau Anda berhak menyebarkannya, dan bahwa isinya benar
sepanjang pengetahuan Anda.</p>
<ul>
<li>Anda memberi [nama-situs] izin untuk menyunting, menayangkan, dan mengarsipkan naskah.
Hak cipta tetap milik Anda.</li>
<li>Isi tulisan menjadi tanggung jawab penulis. Redaksi dapat menolak, menunda, atau
menurunkan naskah sesuai Pedoman Pemberitaan Media Siber.</li>
<li>Naskah yang telah tayang tidak dihapus atas permintaan penulis, kecuali dengan alasan yang
dibenarkan pedoman; perbaikan dilakukan melalui ralat atau pembaruan.</li>
<li>Pelanggaran berulang dapat membuat akun atau alamat email Anda diblokir.</li>
</ul>
"""

PRIVASI = """
<p>[nama-situs] hanya mengumpulkan data pribadi yang diperlukan untuk menyunting dan
menayangkan naskah: nama, nama pena, alamat email, nomor telepon, dan afiliasi.</p>
<ul>
<li>Nama asli dan nomor telepon hanya dilihat redaksi, untuk memverifikasi naskah. Pembaca
hanya melihat nama pena dan afiliasi yang Anda cantumkan.</li>
<li>Data lokasi (GPS) di dalam foto dihapus sebelum foto ditayangkan.</li>
<li>Pembaca tidak dilacak. Kami menghitung berapa kali naskah dibaca tanpa menyimpan data
yang mengenali pembaca.</li>
<li>Anda dapat meminta salinan atau penghapusan data pribadi melalui [alamat-redaksi].
Catatan yang wajib disimpan menurut pedoman pers (misalnya riwayat penyuntingan) tetap
disimpan.</li>
</ul>
"""

PAGES = {
    "kirim": ("Cara Mengirim Tulisan", KIRIM),
    "redaksi": ("Redaksi", REDAKSI),
    "pedoman-media-siber": ("Pedoman Pemberitaan Media Siber", PEDOMAN),
    "syarat-ketentuan": ("Syarat dan Ketentuan", SYARAT),
    "privasi": ("Kebijakan Privasi", PRIVASI),
}
