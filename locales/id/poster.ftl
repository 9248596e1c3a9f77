# Links and posters (`cekbae link`, `cekbae poster`), Kecamatan Leuwiliang.
# Translators: keep every { $variable } as it is. The poster wraps long lines by itself;
# write a line break only where one must be.

## The text a WhatsApp link puts in the resident's message box, ready to send or to
## complete: the request format the greeting shows (adminduk-greeting).

poster-link-text = KTP <NIK> BARU

## The poster, top to bottom ($office: the office's name from catalog.toml)

poster-service = CEK BAE WA
poster-service-long = Cek Berkas Lewat WhatsApp
poster-tagline = Layanan administrasi kependudukan { $office }
poster-desa = Untuk warga Desa { $desa }
poster-what = Tanyakan berkas yang perlu dibawa untuk KTP-el, Kartu Keluarga, akta kelahiran, akta kematian, surat pindah dan KIA, lalu ambil jadwal datang ke kantor kecamatan. Tidak perlu bolak-balik karena berkas kurang.
poster-scan-whatsapp = Pindai kode QR dengan kamera HP, atau kirim pesan WhatsApp ke:
poster-scan-telegram = Pindai kode QR dengan kamera HP, atau cari di Telegram:
# $opens and $closes: the counter's hours from catalog.toml, e.g. 07.30 and 15.00.
poster-hours = Pelayanan di kantor kecamatan: Senin–Jumat, { $opens }–{ $closes } WIB, kecuali hari libur. Pesan bisa dikirim kapan saja.
poster-examples = Contoh pesan:
poster-example-1 = KTP 3201xxxxxxxxxxxx HILANG
poster-example-2 = Mau bikin KK baru
poster-example-3 = Akte kelahiran anak saya
poster-footer = Gratis, tidak dipungut biaya. Data Anda dilindungi (UU 27/2022).
