"""A corpus of mail as real clients write it, built by hand (no captured third-party mail).

Each builder returns raw bytes. Photos carry EXIF with GPS and an orientation so tests can
prove the metadata is gone and the rotation applied.
"""

import io
import struct
import zipfile
import zlib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import docx
import pillow_heif
from django.utils import timezone
from PIL import Image

pillow_heif.register_heif_opener()

NEWSROOM = "redaksi@localhost"
STORY = (
    "BANDUNG - Ratusan warga memadati alun-alun pada Sabtu pagi untuk mengikuti lomba "
    "memasak nasi liwet yang digelar karang taruna.\n\n"
    "Ketua panitia, Dedi Mulyadi, mengatakan lomba ini diikuti 40 kelompok dari tujuh RW. "
    "Setiap kelompok memasak di atas tungku kayu yang disediakan panitia.\n\n"
    "Juri menilai rasa, kebersihan dan penyajian. Pemenang mendapat piala bergilir."
)
PARAGRAPHS = STORY.split("\n\n")


def exif_bytes(orientation: int = 6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (6.0, 54.0, 30.0), "E", (107.0, 36.0, 10.0)
    return exif.tobytes()


def photo(fmt: str = "JPEG", size=(120, 60), color=(200, 40, 40), orientation: int = 6) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif_bytes(orientation))
    return out.getvalue()


def image_bomb_png(width: int = 60000, height: int = 60000) -> bytes:
    """A tiny PNG whose header claims billions of pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def docx_file(heading="Trotoar untuk Pejalan Kaki", paragraphs=None, image: bytes | None = None):
    document = docx.Document()
    if heading:
        document.add_heading(heading, 0)
    for text in paragraphs or PARAGRAPHS:
        document.add_paragraph(text)
    if image is not None:
        document.add_picture(io.BytesIO(image))
        document.add_paragraph("Trotoar di Jalan Asia Afrika dipenuhi pedagang.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(megabytes: int = 200) -> bytes:
    """A valid .docx with one extra part that inflates to `megabytes` of zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_file())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("word/media/padding.bin", "w", force_zip64=True) as stream:
            block = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                stream.write(block)
    return out.getvalue()


def base(subject, sender="Asep Sunandar <asep@example.id>", to=NEWSROOM, **headers):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = headers.pop("message_id", None) or make_msgid(domain="example.id")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    return msg


def wire(msg) -> bytes:
    """The bytes as they travel over SMTP (CRLF line ends)."""
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def html_paragraphs(wrap="div"):
    return "".join(f"<{wrap}>{p}</{wrap}><{wrap}><br></{wrap}>" for p in PARAGRAPHS)


def gmail() -> bytes:
    msg = base("[Berita] Lomba Nasi Liwet Meriah", "Asep Sunandar <asep.sunandar@gmail.com>")
    msg.set_content(STORY + "\n\n-- \nAsep Sunandar\nWarga Cibiru, 0812-0000-0000\n")
    msg.add_alternative(
        f'<div dir="ltr">{html_paragraphs()}<br clear="all"><div><br></div><span class='
        '"gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" '
        'data-smartmail="gmail_signature">Asep Sunandar<br>Warga Cibiru, 0812-0000-0000</div>'
        "</div>",
        subtype="html",
    )
    return wire(msg)


def outlook() -> bytes:
    msg = base("Opini: Trotoar untuk Pejalan Kaki", "Rina Wulandari <rina@kantor.example.id>")
    footer = (
        "DISCLAIMER: This email and any attachments are confidential and intended solely for "
        "the addressee. Email ini bersifat rahasia."
    )
    msg.set_content(STORY + "\n\nGet Outlook for Android\n\n" + footer, cte="quoted-printable")
    body = "".join(f'<p class="MsoNormal">{p}<o:p></o:p></p>' for p in PARAGRAPHS)
    msg.add_alternative(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal'
        '{margin:0cm;}</style></head><body lang="IN"><div class="WordSection1">'
        f'{body}<p class="MsoNormal">Get Outlook for Android</p>'
        f'<p class="MsoNormal"><span style="font-size:8pt">{footer}</span></p></div>'
        '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Redaksi'
        "</div><div>Tulisan lama yang dikutip.</div></body></html>",
        subtype="html",
        cte="quoted-printable",
    )
    return wire(msg)


def apple_mail() -> bytes:
    msg = base(
        "Banjir Rob di Muara Baru",
        "Budi Santoso <budi@icloud.example.com>",
        Content_Language="id",
    )
    msg.set_content(STORY + "\n\nSent from my iPhone")
    msg.add_alternative(
        f"<html><body><div>{PARAGRAPHS[0]}</div><div><br></div>"
        '<div><img src="cid:foto-rob@apple" alt="IMG_0001.jpeg"></div>'
        "<div>Keterangan: Air rob menggenangi permukiman warga (Foto: Budi Santoso)</div>"
        f"<div><br></div><div>{PARAGRAPHS[1]}</div><div><br></div><div>{PARAGRAPHS[2]}</div>"
        "<div><br></div><div>Sent from my iPhone</div></body></html>",
        subtype="html",
    )
    html_part = msg.get_payload()[1]
    html_part.add_related(
        photo("JPEG"), "image", "jpeg", cid="<foto-rob@apple>", filename="IMG_0001.jpeg"
    )
    return wire(msg)


def yahoo() -> bytes:
    msg = base("Pasar Kaget Ramai Pengunjung", "Sri Lestari <sri_lestari@yahoo.example.com>")
    msg.set_content(STORY + "\n\nSent from Yahoo Mail on Android")
    msg.add_alternative(
        '<html><body><div class="ydp3f2c yahoo-style-wrap">'
        + "".join(f"<div>{p}</div><div><br></div>" for p in PARAGRAPHS)
        + '</div><div id="ymail_android_signature"><a href="https://mail.example.com">Sent '
        'from Yahoo Mail on Android</a></div><div class="yahoo_quoted">On Sunday, Redaksi '
        "wrote:<blockquote>Terima kasih.</blockquote></div></body></html>",
        subtype="html",
    )
    return wire(msg)


def android_heic() -> bytes:
    msg = base("Jembatan Gantung Putus", "Wayan Sudarma <wayan@example.id>")
    msg.set_content(
        STORY + "\n\nFoto 1: Jembatan gantung yang putus diterjang arus (Foto: Wayan Sudarma)"
        "\n\nDikirim dari Samsung Galaxy saya",
        cte="base64",
    )
    msg.add_attachment(
        photo("HEIF", orientation=1), maintype="image", subtype="heic", filename="IMG_2041.HEIC"
    )
    return wire(msg)


def docx_mail(image=True) -> bytes:
    msg = base("[Opini] kiriman naskah", "Rina Wulandari <rina@example.id>")
    msg.set_content("Yth. Redaksi,\n\nBerikut naskah opini saya. Terima kasih.\n\nRina")
    content = docx_file(image=photo("PNG", orientation=1) if image else None)
    msg.add_attachment(
        content,
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="trotoar.docx",
    )
    return wire(msg)


def windows_1252() -> bytes:
    text = (
        "SEMARANG - Harga cabai di pasar Johar naik menjadi Rp 80.000 per kilogram. "
        "\u201cKami terpaksa mengurangi porsi sambal\u201d \u2013 kata pemilik warung, "
        "Pak Joko, di caf\u00e9 miliknya\u2026\n\nPedagang berharap pemerintah turun tangan."
    )
    raw = (
        "From: Joko <joko@example.id>\r\nTo: redaksi@localhost\r\n"
        "Subject: =?iso-8859-1?q?Harga_Cabai_Naik_di_Caf=E9?=\r\n"
        "Message-ID: <cp1252-1@example.id>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="iso-8859-1"\r\n'
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode("ascii") + text.replace("\n", "\r\n").encode("windows-1252")
    return raw


def forwarded() -> bytes:
    inner = base("Warga Bersihkan Sungai Cikapundung", "Dedi <dedi@example.id>")
    inner.set_content(STORY)
    msg = base("Fwd: Warga Bersihkan Sungai Cikapundung", "Asep Sunandar <asep@example.id>")
    msg.set_content("Redaksi, ini tulisan teman saya, sudah seizin dia.\n\nAsep")
    msg.add_attachment(inner)
    return wire(msg)


def auto_reply() -> bytes:
    msg = base("Out of office: Naskah diterima", "Asep <asep@example.id>",
               Auto_Submitted="auto-replied")  # fmt: skip
    msg.set_content("Saya sedang cuti sampai 5 Desember.")
    return wire(msg)


def bounce() -> bytes:
    msg = base("Undelivered Mail Returned to Sender",
               "Mail Delivery System <MAILER-DAEMON@mx.example.id>", Return_Path="<>")  # fmt: skip
    msg.set_content("This is the mail system at host mx.example.id.\n\nUser unknown.")
    msg.add_attachment("Reporting-MTA: dns; mx.example.id\n", subtype="delivery-status")
    msg.replace_header(
        "Content-Type",
        msg["Content-Type"].replace("multipart/mixed", "multipart/report")
        + '; report-type="delivery-status"',
    )
    return wire(msg)


def spoofed(victim="penulis@example.id") -> bytes:
    msg = base("Klarifikasi Penulis Soal Korupsi", f"Penulis Uji <{victim}>")
    msg.set_content(STORY)
    return wire(msg)


def oversized(megabytes: int = 3) -> bytes:
    msg = base("Foto Banjir Lengkap", "Asep <asep@example.id>")
    msg.set_content(STORY)
    msg.add_attachment(b"\x00" * (megabytes * 1024 * 1024), maintype="image", subtype="jpeg",
                       filename="besar.jpg")  # fmt: skip
    return wire(msg)


def zip_bomb() -> bytes:
    msg = base("[Opini] Naskah dalam docx", "Rina <rina@example.id>")
    msg.set_content("Naskah terlampir.")
    msg.add_attachment(
        zip_bomb_docx(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="naskah.docx",
    )
    return wire(msg)


def image_bomb() -> bytes:
    msg = base("Foto Udara Kampung", "Asep <asep@example.id>")
    msg.set_content(STORY)
    msg.add_attachment(image_bomb_png(), maintype="image", subtype="png", filename="udara.png")
    return wire(msg)


def with_pdf() -> bytes:
    msg = base("Posyandu Buka Layanan Malam", "Asep <asep@example.id>")
    msg.set_content(STORY)
    msg.add_attachment(b"%PDF-1.4\n%...", maintype="application", subtype="pdf",
                       filename="proposal.pdf")  # fmt: skip
    return wire(msg)


def english() -> bytes:
    msg = base("Volunteers Clean Up the Beach", "Jane Doe <jane@example.com>")
    msg.set_content(
        "KUTA - More than two hundred volunteers cleaned the beach on Sunday morning. They "
        "collected plastic waste that was washed ashore by the monsoon. The organisers said "
        "this is the third clean-up of the year and that more are planned for the dry season."
    )
    return wire(msg)


def read_message_id(raw: bytes) -> str:
    from email import message_from_bytes

    return str(message_from_bytes(raw)["Message-ID"]).strip()
